using System.Buffers;
using System.IO.Pipelines;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.AspV1.Invocations;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Limits;
using AgentPlatform.Server.Transport;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Server.UnitTests.AspV1;

/// <summary>
/// One engine session fed through an in-memory pipe (what a transport would fill) and writing to a recording
/// transport, on fake time: the engine as every host runs it, without a socket.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable, IInvocationRouter
{
    private readonly Pipe _input = new();
    private readonly Task _running;
    private bool _peerClosed;

    public EngineHarness(ConnectionLimits? limits = null, int chunks = 2, TimeSpan? maxDuration = null)
    {
        Target = new ScriptedTarget(chunks);
        Engine = new AspV1Engine(new AspV1ServerOptions { Limits = limits ?? new ConnectionLimits(), MaxInvocationDuration = maxDuration },
            new LocalSessions(new OutboxOptions(), TimeSpan.FromSeconds(30), Time), this, SilentObserver.Instance, Time);
        Session = new AspV1Session(Engine, _input.Reader, Transport, AspV1Admission.Anonymous);
        _running = Session.RunAsync(() => _peerClosed, CancellationToken.None);
    }

    public FakeTimeProvider Time { get; } = new();

    public RecordingTransport Transport { get; } = new();

    public ScriptedTarget Target { get; }

    public AspV1Engine Engine { get; }

    public AspV1Session Session { get; }

    public IInvocationTarget? Route(InvokeFrame invoke, InvocationCaller caller) => invoke.Agent == "nobody" ? null : Target;

    public Task SendAsync(AspFrame frame, ulong? seq = null)
    {
        var bytes = new ArrayBufferWriter<byte>();
        AspV1Protocol.Write(frame, seq, bytes);
        return SendRawAsync(MessageKind.Binary, bytes.WrittenSpan.ToArray());
    }

    public async Task SendRawAsync(MessageKind kind, byte[] payload)
    {
        InboundMessages.Write(_input.Writer, kind, payload);
        await _input.Writer.FlushAsync();
    }

    public async Task<ServerHelloFrame> HelloAsync(params string[] caps)
    {
        await SendAsync(new ClientHelloFrame(AspV1Protocol.Version, caps));
        return Assert.IsType<ServerHelloFrame>(await Transport.NextAsync());
    }

    /// <summary>The peer's close frame: the input ends politely.</summary>
    public async Task PeerClosesAsync()
    {
        _peerClosed = true;
        await _input.Writer.CompleteAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _input.Writer.CompleteAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
