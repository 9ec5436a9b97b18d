using System.Text;
using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Protocol.UnitTests.AgentChat;

/// <summary>Mutated frames only ever give a message or an INVALID_MSG text.</summary>
public sealed class ParserFuzzTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Twenty_thousand_mutated_frames_never_throw(int seed)
    {
        var seeds = ParserTests.Valid().Select(r => r.Data.Item1).Concat(ParserTests.Invalid().Select(r => r.Data.Item1))
            .Select(Encoding.UTF8.GetBytes).ToArray();
        var random = new Random(seed);
        int parsed = 0, rejected = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])seeds[random.Next(seeds.Length)].Clone();
            for (var m = random.Next(1, 4); m > 0 && bytes.Length > 0; m--)
            {
                switch (random.Next(4))
                {
                    case 0: bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
                    case 1: bytes = bytes[..random.Next(bytes.Length)]; break;
                    case 2: bytes[random.Next(bytes.Length)] = "{}[]\":,\\"u8[random.Next(8)]; break;
                    default: bytes = [.. bytes[..random.Next(bytes.Length)], .. bytes]; break;
                }
            }
            var result = AgentChatParser.Parse(bytes);
            if (result.Success)
            {
                parsed++;
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(result.Error));
                rejected++;
            }
        }
        Assert.InRange(parsed, 100, 19_000);
        Assert.InRange(rejected, 1_000, 19_900);
    }
}
