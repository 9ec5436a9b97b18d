using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AgentPlatform.Protocol.Bench.MessagePackCSharp;

/// <summary>
/// INVOKE, STREAM and COMPLETE encode and decode: Protocol's asp-v1 codec (on Protocol/MessagePack) against the
/// same frames on MessagePack-CSharp's writer and reader. Both write into a reused buffer and decode from bytes.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MpcBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private byte[] _invoke = [], _stream = [], _complete = [], _input = [];

    [GlobalSetup]
    public void Setup()
    {
        _invoke = AspV1Protocol.ToArray(Messages.Invoke);
        _stream = AspV1Protocol.ToArray(Messages.Stream);
        _complete = AspV1Protocol.ToArray(Messages.Complete);
        _input = Messages.Input.ToBytes();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("INVOKE encode")]
    public int Invoke_Encode_Ours()
    {
        _buffer.ResetWrittenCount();
        AspV1Protocol.Write(Messages.Invoke, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("INVOKE encode")]
    public int Invoke_Encode_MessagePackCSharp()
    {
        _buffer.ResetWrittenCount();
        MpcFrames.WriteInvoke(_buffer, Messages.InvocationId, "echo", _input, 30000);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("INVOKE decode")]
    public object Invoke_Decode_Ours() => AspV1Protocol.Parse(_invoke);

    [Benchmark, BenchmarkCategory("INVOKE decode")]
    public object Invoke_Decode_MessagePackCSharp() => MpcFrames.ReadInvoke(_invoke);

    [Benchmark(Baseline = true), BenchmarkCategory("STREAM encode")]
    public int Stream_Encode_Ours()
    {
        _buffer.ResetWrittenCount();
        AspV1Protocol.Write(Messages.Stream, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("STREAM encode")]
    public int Stream_Encode_MessagePackCSharp()
    {
        _buffer.ResetWrittenCount();
        MpcFrames.WriteStream(_buffer, Messages.InvocationId, 17, Messages.Token);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("STREAM decode")]
    public object Stream_Decode_Ours() => AspV1Protocol.Parse(_stream);

    [Benchmark, BenchmarkCategory("STREAM decode")]
    public object Stream_Decode_MessagePackCSharp() => MpcFrames.ReadStream(_stream);

    [Benchmark(Baseline = true), BenchmarkCategory("COMPLETE encode")]
    public int Complete_Encode_Ours()
    {
        _buffer.ResetWrittenCount();
        AspV1Protocol.Write(Messages.Complete, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("COMPLETE encode")]
    public int Complete_Encode_MessagePackCSharp()
    {
        _buffer.ResetWrittenCount();
        MpcFrames.WriteComplete(_buffer, Messages.InvocationId, "done", 1234.5, 45.25, 128, 4096);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("COMPLETE decode")]
    public object Complete_Decode_Ours() => AspV1Protocol.Parse(_complete);

    [Benchmark, BenchmarkCategory("COMPLETE decode")]
    public object Complete_Decode_MessagePackCSharp() => MpcFrames.ReadComplete(_complete);
}
