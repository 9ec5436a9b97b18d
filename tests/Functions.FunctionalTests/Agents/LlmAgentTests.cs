using AgentPlatform.Functions.Agents.Llm;
using AgentPlatform.Functions.FunctionalTests.Hosting;
using AgentPlatform.Protocol.Functions;

namespace AgentPlatform.Functions.FunctionalTests.Agents;

public sealed class LlmAgentTests
{
    [Fact]
    public async Task Streams_each_delta_as_a_chunk_and_keeps_the_history_in_the_context_store()
    {
        await using var chat = await FakeChatServer.StartAsync();
        using var folder = new TempFolder();
        var settings = FunctionsHost.SqliteSettings(folder.Path);
        settings["Agents:Llm:Endpoint"] = chat.Url + "/v1";
        settings["Agents:Llm:ApiKey"] = "test-key";
        settings["Agents:Llm:Model"] = "tiny";
        var session = "s-" + Guid.NewGuid();

        await using (var host = await FunctionsHost.StartAsync(settings))
        {
            using var client = new InvokeClient(host.BaseAddress);
            var records = await client.InvokeAllAsync("llm", InvokeClient.Body(session, "hello there"), TestContext.Current.CancellationToken);
            var chunks = records.OfType<ChunkRecord>().Select(c => c.Data.AsString()).ToList();
            Assert.True(chunks.Count > 1, "the answer arrives in several chunks");
            Assert.Equal("You said: hello there", string.Concat(chunks));
            Assert.Equal("You said: hello there", Assert.IsType<ResultRecord>(records[^1]).Result!["text"].AsString());
        }

        // A new process continues the conversation: the second request carries the first turn.
        await using var again = await FunctionsHost.StartAsync(settings);
        using var client2 = new InvokeClient(again.BaseAddress);
        var second = await client2.InvokeAllAsync("llm", InvokeClient.Body(session, "and now?"), TestContext.Current.CancellationToken);
        Assert.IsType<ResultRecord>(second[^1]);

        var requests = chat.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("Bearer test-key", requests[1].Authorization);
        var root = requests[1].Body.RootElement;
        Assert.Equal("tiny", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("stream").GetBoolean());
        var messages = root.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal([("user", "hello there"), ("assistant", "You said: hello there"), ("user", "and now?")], messages);
    }

    [Fact]
    public async Task Unconfigured_it_answers_FUNCTION_UNAVAILABLE_naming_the_settings()
    {
        using var folder = new TempFolder();
        await using var host = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path));
        using var client = new InvokeClient(host.BaseAddress);
        var records = await client.InvokeAllAsync("llm", InvokeClient.Body("s", "hi"), TestContext.Current.CancellationToken);
        var error = Assert.IsType<ErrorRecord>(Assert.Single(records));
        Assert.Equal("FUNCTION_UNAVAILABLE", error.Code);
        Assert.False(error.Retryable);
        Assert.Contains("Agents:Llm:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_failure_is_a_retryable_FUNCTION_UNAVAILABLE_and_saves_nothing()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.FailWith = 503;
        using var folder = new TempFolder();
        var settings = FunctionsHost.SqliteSettings(folder.Path);
        settings["Agents:Llm:Endpoint"] = chat.Url + "/v1/chat/completions";
        settings["Agents:Llm:Model"] = "tiny";
        await using var host = await FunctionsHost.StartAsync(settings);
        using var client = new InvokeClient(host.BaseAddress);
        var records = await client.InvokeAllAsync("llm", InvokeClient.Body("s", "hi"), TestContext.Current.CancellationToken);
        var error = Assert.IsType<ErrorRecord>(Assert.Single(records));
        Assert.Equal("FUNCTION_UNAVAILABLE", error.Code);
        Assert.True(error.Retryable);
    }

    [Theory]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"ab"}}]}""", "ab")]
    [InlineData("""{"choices":[{"index":0,"delta":{"role":"assistant"}}]}""", null)]
    [InlineData("""{"choices":[]}""", null)]
    public void Parses_delta_content(string json, string? expected) => Assert.Equal(expected, ChatCompletionsClient.ParseDelta(json));

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"error":{"message":"quota"}}""")]
    public void A_bad_chunk_is_an_llm_error(string json) => Assert.Throws<LlmException>(() => ChatCompletionsClient.ParseDelta(json));
}
