using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Acp.Agents.Platform;

namespace AgentPlatform.Relay.Tests.Acp.Platform;

/// <summary>The asp-v1 ↔ ACP value mapping, as pure functions.</summary>
public sealed class PlatformAcpMappingTests
{
    [Theory]
    [InlineData("""[{"type":"text","text":"a"}]""", "\"a\"")]
    [InlineData("""[{"type":"text","text":"a"},{"type":"text","text":""},{"type":"text","text":"c"}]""", "\"a\\n\\nc\"")]
    [InlineData("""[]""", "\"\"")]
    [InlineData("""[{"type":"text","text":"a"},{"type":"image","data":"AA==","mimeType":"image/png"}]""",
        """[{"type":"text","text":"a"},{"type":"image","data":"AA==","mimeType":"image/png"}]""")]
    [InlineData("""[{"type":"text","text":5}]""", """[{"type":"text","text":5}]""")]
    public void Prompt_input_is_the_joined_text_or_the_blocks(string prompt, string expectedJson)
    {
        var input = PlatformAcpMapping.PromptInput(JsonNode.Parse(prompt)!.AsArray());
        Assert.Equal(expectedJson, MsgPackJson.ToJsonString(input));
    }

    [Fact]
    public void A_string_chunk_is_its_text_and_anything_else_its_JSON()
    {
        Assert.Equal("tok", PlatformAcpMapping.ChunkText(MsgPackValue.From("tok")));
        Assert.Equal("42", PlatformAcpMapping.ChunkText(MsgPackValue.From(42)));
        Assert.Equal("""{"turn":1}""", PlatformAcpMapping.ChunkText(MsgPackValue.Map(("turn", MsgPackValue.From(1)))));
    }

    [Fact]
    public void Complete_carries_its_result_and_metrics_in_meta()
    {
        var complete = new CompleteFrame("i") { Result = MsgPackValue.Map(("turn", MsgPackValue.From(2))), Metrics = new CompleteMetrics(1.5) { Chunks = 1, Bytes = 9 } };
        Assert.Equal("""{"stopReason":"end_turn","_meta":{"agentplatform/result":{"turn":2},"agentplatform/metrics":{"durationMs":1.5,"chunks":1,"bytes":9}}}""",
            PlatformAcpMapping.CompleteResult(complete).ToJsonString());
        Assert.Equal("""{"stopReason":"end_turn","_meta":{"agentplatform/metrics":{}}}""", PlatformAcpMapping.CompleteResult(new CompleteFrame("i")).ToJsonString());
        Assert.Equal("""{"code":"TIMEOUT","retryable":true,"retryAfterMs":5}""",
            PlatformAcpMapping.ErrorData(new ErrorFrame("TIMEOUT", "m", true) { RetryAfterMs = 5 }).ToJsonString());
    }

    [Fact]
    public void A_request_becomes_a_permission_request_with_its_own_options_when_it_has_valid_ones()
    {
        var plain = PlatformAcpMapping.PermissionParams("s", new RequestFrame("i", "r1", "question", MsgPackValue.Map(("question", "Name?"))));
        Assert.Equal("""{"sessionId":"s","toolCall":{"toolCallId":"r1","title":"question: Name?","kind":"other","status":"pending","rawInput":{"question":"Name?"}},"options":[{"optionId":"allow","name":"Allow","kind":"allow_once"},{"optionId":"reject","name":"Reject","kind":"reject_once"}]}""",
            plain.ToJsonString());
        var own = MsgPackJson.Parse("""{"tool":"rm","options":[{"optionId":"yes","name":"Yes","kind":"allow_always"}]}""");
        var withOptions = PlatformAcpMapping.PermissionParams("s", new RequestFrame("i", "r2", "permission", own));
        Assert.Equal("""permission: {"tool":"rm","options":[{"optionId":"yes","name":"Yes","kind":"allow_always"}]}""", (string)withOptions["toolCall"]!["title"]!);
        Assert.Equal("""[{"optionId":"yes","name":"Yes","kind":"allow_always"}]""", withOptions["options"]!.ToJsonString());
        var badOptions = MsgPackJson.Parse("""{"options":[{"optionId":"yes"}]}""");
        Assert.Equal(2, PlatformAcpMapping.PermissionParams("s", new RequestFrame("i", "r3", "permission", badOptions))["options"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{"outcome":{"outcome":"selected","optionId":"allow"}}""", "\"allow\"")]
    [InlineData("""{"outcome":{"outcome":"cancelled"},"_meta":{"agentplatform/reply":{"name":"Ada"}}}""", """{"name":"Ada"}""")]
    [InlineData("""{"_meta":{"agentplatform/reply":null}}""", "null")]
    [InlineData("""{"outcome":{"outcome":"cancelled"}}""", null)]
    [InlineData("""{"outcome":{"outcome":"selected"}}""", null)]
    [InlineData("""{}""", null)]
    [InlineData("""null""", null)]
    public void A_permission_answer_is_reply_data_or_a_cancel(string result, string? expectedJson)
    {
        var data = PlatformAcpMapping.ReplyData(JsonNode.Parse(result));
        Assert.Equal(expectedJson, data is null ? null : MsgPackJson.ToJsonString(data));
    }
}
