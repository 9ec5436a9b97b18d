using System.Text;
using AgentPlatform.AgentChat.Daemon;
using AgentPlatform.AgentChat.Deploy;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Tests.Library;

/// <summary>
/// The formats this tool reads from files anyone can write (outbox lines, identity files, deploy.yaml): random and
/// mutated input is refused the documented way (false / FormatException), never with another exception.
/// </summary>
public sealed class FileFormatFuzzTests
{
    private static readonly string[] Seeds =
    [
        "{\"to\":\"#general\",\"content\":\"hi\"}",
        "{\"name\":\"x\",\"pubkey\":\"-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEAebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=\\n-----END PUBLIC KEY-----\\n\",\"created\":\"\"}",
        "provider: akash\nresources:\n  cpu: 0.5\nport: 6667\n",
    ];

    private static IEnumerable<string> Inputs(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3000; i++)
        {
            var source = Seeds[random.Next(Seeds.Length)];
            var chars = source.ToCharArray();
            var edits = random.Next(1, 6);
            for (var e = 0; e < edits; e++) chars[random.Next(chars.Length)] = (char)random.Next(0, 0x80);
            var mutated = new string(chars);
            yield return random.Next(4) switch
            {
                0 => mutated[..random.Next(mutated.Length)],
                1 => Encoding.UTF8.GetString(Enumerable.Range(0, random.Next(64)).Select(_ => (byte)random.Next(256)).ToArray()),
                _ => mutated,
            };
        }
    }

    [Fact]
    public void Outbox_lines_parse_or_are_refused_without_throwing()
    {
        foreach (var input in Inputs(15)) _ = AgentChatDaemon.TryParse(input, out _, out _);
    }

    [Fact]
    public void Identity_files_parse_or_throw_FormatException()
    {
        foreach (var input in Inputs(16))
        {
            try
            {
                AgentChatIdentity.Parse(input);
            }
            catch (FormatException)
            {
                // The documented refusal.
            }
        }
    }

    [Fact]
    public void Deploy_yaml_parses_or_throws_FormatException()
    {
        foreach (var input in Inputs(17))
        {
            try
            {
                DeployConfig.Parse(input);
            }
            catch (FormatException)
            {
                // The documented refusal.
            }
        }
    }
}
