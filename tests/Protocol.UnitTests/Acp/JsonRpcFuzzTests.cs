using System.Text;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Protocol.UnitTests.Acp;

/// <summary>The parser is total: random and mutated input gives a message or an error response, never an exception.</summary>
public sealed class JsonRpcFuzzTests(ITestOutputHelper output)
{
    private static bool Known(string finding) => false;

    [Fact]
    public void Twenty_thousand_valid_UTF8_inputs_each_give_a_message_or_an_error_response()
    {
        var result = JsonRpcFuzzer.Run(randomSeed: 14, cases: 20_000, TimeSpan.FromSeconds(20), validUtf8Only: true, Known);
        output.WriteLine($"{result.Cases} cases: {result.Messages} messages, {result.Errors} error responses, {result.Tolerated} known findings");
        foreach (var finding in result.Findings) output.WriteLine(finding);
        Assert.Empty(result.Findings);
        Assert.True(result.Cases >= 2_000, "too few cases ran in the time budget: " + result.Cases);
        // Both outcomes are exercised, or the mutators are not doing their job.
        Assert.True(result.Messages > result.Cases / 50, "few inputs stayed valid: " + result.Messages);
        Assert.True(result.Errors > result.Cases / 50, "few inputs were refused: " + result.Errors);
    }

    [Fact]
    public void Twenty_thousand_inputs_of_any_bytes_each_give_a_message_or_an_error_response()
    {
        var result = JsonRpcFuzzer.Run(randomSeed: 2026, cases: 20_000, TimeSpan.FromSeconds(20), validUtf8Only: false, Known);
        output.WriteLine($"{result.Cases} cases ({result.InvalidUtf8} not UTF-8): {result.Messages} messages, {result.Errors} error responses, {result.Tolerated} known findings");
        foreach (var finding in result.Findings) output.WriteLine(finding);
        Assert.Empty(result.Findings);
        Assert.True(result.InvalidUtf8 > 0);
    }

    [Theory]
    [InlineData("7B226A736F6E727063223A22322E30222C226964223A312C226964223A322C226D6574686F64223A226D227D")]  // {"jsonrpc":"2.0","id":1,"id":2,"method":"m"}
    [InlineData("7B226A736F6E727063223A22322E30222C226D6574686F64223A226D222C22706172616D73223A7B2261223A312C2261223A327D7D")]  // params {"a":1,"a":2}
    [InlineData("7B22C328223A317D")]                                                                       // {"<bad UTF-8>":1}
    [InlineData("7B226A736F6E727063223A22322E30222C226D6574686F64223A22FF227D")]                           // {"jsonrpc":"2.0","method":"<bad UTF-8>"}
    [InlineData("7B226A736F6E727063223A22322E30222C226D6574686F64223A226D222C22706172616D73223A7B2274223A225C7564383030227D7D")] // params {"t":"\ud800"}
    public void Former_findings_give_an_error_response_or_a_message_that_can_be_forwarded(string hex)
    {
        Assert.Null(JsonRpcFuzzer.Check(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void Every_seed_is_a_valid_message_or_the_batch_refusal()
    {
        foreach (var seed in JsonRpcFuzzer.Seeds)
        {
            var result = JsonRpcParser.Parse(Encoding.UTF8.GetBytes(seed));
            Assert.True(result.Success || seed.StartsWith('['), seed);
        }
    }
}
