using System.Text;

namespace AgentPlatform.EndToEnd.Secrets;

/// <summary>Looks for secrets, raw and base64url-encoded, in text and in raw (protobuf) bodies.</summary>
public sealed class SecretScan(IReadOnlyDictionary<string, string> secrets)
{
    private readonly List<string> _found = [];

    /// <summary>Where each secret was found: "name (form) in place".</summary>
    public IReadOnlyList<string> Found => _found;

    public void Text(string place, string text)
    {
        foreach (var (name, secret) in secrets)
        {
            foreach (var (form, value) in Forms(secret))
            {
                if (text.Contains(value, StringComparison.Ordinal)) _found.Add($"{name} ({form}) in {place}");
            }
        }
    }

    public void Bytes(string place, byte[] body) => Text(place, Encoding.UTF8.GetString(body));

    private static IEnumerable<(string Form, string Value)> Forms(string secret)
    {
        yield return ("raw", secret);
        var bytes = Encoding.UTF8.GetBytes(secret);
        yield return ("base64url", Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        yield return ("base64", Convert.ToBase64String(bytes).TrimEnd('='));
        yield return ("url-escaped", Uri.EscapeDataString(secret));
    }
}
