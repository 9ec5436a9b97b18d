using System.Net;
using AgentPlatform.Functions.FunctionalTests.Hosting;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.FunctionalTests.Agents;

public sealed class EchoAgentTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private FunctionsHost? _host;
    private InvokeClient? _client;

    private InvokeClient Client => _client!;

    public async ValueTask InitializeAsync()
    {
        _host = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(_folder.Path));
        _client = new InvokeClient(_host.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("c40300ff7f", "binary stays binary")]
    [InlineData("cfffffffffffffffff", "uint64 max")]
    [InlineData("d38000000000000000", "int64 min")]
    [InlineData("d30000000000000005", "non-preferred int encoding kept byte for byte")]
    [InlineData("82a161cb3ff0000000000000a16292c0c3", "nested map with float and array")]
    public async Task Streams_exactly_one_chunk_with_the_input_bytes_then_a_result(string inputHex, string why)
    {
        var input = MsgPackValue.FromRaw(Convert.FromHexString(inputHex));
        var records = await Client.InvokeAllAsync("echo", InvokeClient.Body("s-" + Guid.NewGuid(), input), TestContext.Current.CancellationToken);
        Assert.Equal(2, records.Count);
        var chunk = Assert.IsType<ChunkRecord>(records[0]);
        Assert.Equal(Convert.FromHexString(inputHex), chunk.Data.ToBytes());
        var result = Assert.IsType<ResultRecord>(records[1]);
        Assert.Null(result.Result);
        Assert.NotNull(result.CpuMs);
        Assert.True(result.CpuMs >= 0, why);
    }

    [Fact]
    public async Task The_response_is_the_chunks_content_type_with_an_instance_header()
    {
        using var response = await Client.PostAsync("echo", InvokeClient.Body("s", "hi").ToBytes(), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.agentplatform.chunks+msgpack", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Function-Instance"));
    }

    [Fact]
    public async Task An_unknown_agent_is_404_before_any_body()
    {
        using var response = await Client.PostAsync("nobody", InvokeClient.Body("s", 1).ToBytes(), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("c1")]
    [InlineData("80")]
    [InlineData("83a3636964a163a773657373696f6ea173a26964a169")]
    [InlineData("")]
    public async Task A_malformed_body_is_400_and_the_service_keeps_serving(string hex)
    {
        using (var response = await Client.PostAsync("echo", Convert.FromHexString(hex), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        var records = await Client.InvokeAllAsync("echo", InvokeClient.Body("s", "still here"), TestContext.Current.CancellationToken);
        Assert.Equal("still here", Assert.IsType<ChunkRecord>(records[0]).Data.AsString());
    }
}
