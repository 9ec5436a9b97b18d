namespace AgentPlatform.AppHost.Output;

/// <summary>
/// The one writer of AppHost's console: every service line prefixed by its service (coloured when the
/// terminal supports it), AppHost's own messages under "apphost". Lines from different services never interleave mid-line.
/// </summary>
public sealed class ConsoleOutput
{
    private const string Reset = "\u001b[0m";
    private static readonly string[] Palette = ["\u001b[36m", "\u001b[32m", "\u001b[33m", "\u001b[35m", "\u001b[34m", "\u001b[96m", "\u001b[92m"];
    private const string AppHostColor = "\u001b[1m";
    private const string ErrorColor = "\u001b[31;1m";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _colors = new(StringComparer.Ordinal);
    private readonly int _width;
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public ConsoleOutput(IEnumerable<string> serviceNames, TextWriter? output = null, TextWriter? error = null, bool? color = null)
    {
        ArgumentNullException.ThrowIfNull(serviceNames);
        var names = serviceNames.ToList();
        _width = Math.Max("apphost".Length, names.Count == 0 ? 0 : names.Max(n => n.Length));
        for (var i = 0; i < names.Count; i++) _colors[names[i]] = Palette[i % Palette.Length];
        _out = output ?? Console.Out;
        _err = error ?? Console.Error;
        UseColor = color ?? DetectColor();
    }

    public bool UseColor { get; }

    public void ServiceLine(string service, string line) => Write(_out, service, _colors.GetValueOrDefault(service, string.Empty), line);

    public void Info(string message) => Write(_out, "apphost", AppHostColor, message);

    public void Error(string message) => Write(_err, "apphost", ErrorColor, message);

    /// <summary>A block (the status table) printed as is.</summary>
    public void Block(string text)
    {
        lock (_gate)
        {
            _out.WriteLine(text);
            _out.Flush();
        }
    }

    private void Write(TextWriter writer, string source, string color, string message)
    {
        var prefix = source.PadRight(_width);
        lock (_gate)
        {
            foreach (var line in message.Split('\n'))
            {
                if (UseColor) writer.WriteLine($"{color}{prefix} |{Reset} {line.TrimEnd('\r')}");
                else writer.WriteLine($"{prefix} | {line.TrimEnd('\r')}");
            }
            writer.Flush();
        }
    }

    private static bool DetectColor() =>
        !Console.IsOutputRedirected &&
        Environment.GetEnvironmentVariable("NO_COLOR") is null &&
        !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
}
