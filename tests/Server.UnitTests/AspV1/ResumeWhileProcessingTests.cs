using System.IO.Pipelines;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.UnitTests.AspV1;

/// <summary>
/// A client that resumes while the server is still processing its last frame on the old socket sends that frame
/// again (the server's HELLO said it was not processed yet). The copy must be dropped without waiting for the first
/// (which may be waiting for outbox room that only the new socket's ACKs free): one invocation, no DUPLICATE_ID, the
/// new socket's next frames served meanwhile, and the first copy's output on the new socket.
/// </summary>
public sealed class ResumeWhileProcessingTests
{
    [Fact]
    public async Task A_frame_resent_while_its_first_copy_is_processed_runs_once()
    {
        await using var h = new EngineHarness(chunks: 2);
        var hello = await h.HelloAsync(AspCapabilities.Reliable);
        var invoke = new InvokeFrame("i1", "blocks", MsgPackValue.From("x"));
        await h.SendAsync(invoke, seq: 1);
        await WaitAsync(() => h.Target.Started == 1, "the first copy reached the target");

        // The client's new socket: resume, then the frame the server's HELLO says it has not processed.
        var input = new Pipe();
        var transport = new RecordingTransport();
        var resumed = new AspV1Session(h.Engine, input.Reader, transport, AspV1Admission.Anonymous);
        var running = resumed.RunAsync(() => false, CancellationToken.None);
        await WriteAsync(input, new ClientHelloFrame(AspV1Protocol.Version, [AspCapabilities.Reliable]) { Resume = hello.ResumeToken, LastSeq = 0 });
        var answer = Assert.IsType<ServerHelloFrame>(await transport.NextAsync());
        Assert.Equal(0UL, answer.LastSeq);
        await WriteAsync(input, invoke, seq: 1);
        // The next frame on the new socket is served while the first copy of frame 1 still holds the old read loop.
        await WriteAsync(input, new InvokeFrame("i2", "echo", MsgPackValue.From("y")), seq: 2);
        var second = await transport.UntilAsync(f => f is CompleteFrame or ErrorFrame);
        Assert.Equal("i2", Assert.IsType<CompleteFrame>(second[^1]).Id);
        Assert.False(h.Target.Hold.IsSet);

        h.Target.Hold.Set();
        var first = await transport.UntilAsync(f => f is CompleteFrame or ErrorFrame);
        Assert.Equal("i1", Assert.IsType<CompleteFrame>(first[^1]).Id);
        Assert.Equal(2, first.OfType<StreamFrame>().Count());
        Assert.Equal(2, h.Target.Started);
        await input.Writer.CompleteAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private static async Task WriteAsync(Pipe input, AspFrame frame, ulong? seq = null)
    {
        var bytes = new System.Buffers.ArrayBufferWriter<byte>();
        AspV1Protocol.Write(frame, seq, bytes);
        InboundMessages.Write(input.Writer, MessageKind.Binary, bytes.WrittenSpan.ToArray());
        await input.Writer.FlushAsync();
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), what);
    }
}
