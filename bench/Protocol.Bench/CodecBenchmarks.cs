using System.Buffers;
using System.Text.Json;
using AgentPlatform.Protocol.AspV1;
using BenchmarkDotNet.Attributes;

namespace AgentPlatform.Protocol.Bench;

/// <summary>Encode and decode of INVOKE, STREAM and COMPLETE: asp-v1 (MessagePack) against System.Text.Json.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _jsonWriter = new(Stream.Null);
    private byte[] _invoke = [], _stream = [], _complete = [];
    private byte[] _invokeJson = [], _streamJson = [], _completeJson = [];

    [GlobalSetup]
    public void Setup()
    {
        _invoke = AspV1Protocol.ToArray(Messages.Invoke);
        _stream = AspV1Protocol.ToArray(Messages.Stream);
        _complete = AspV1Protocol.ToArray(Messages.Complete);
        _invokeJson = JsonSerializer.SerializeToUtf8Bytes(Messages.InvokeAsJson, BenchJsonContext.Default.InvokeJson);
        _streamJson = JsonSerializer.SerializeToUtf8Bytes(Messages.StreamAsJson, BenchJsonContext.Default.StreamJson);
        _completeJson = JsonSerializer.SerializeToUtf8Bytes(Messages.CompleteAsJson, BenchJsonContext.Default.CompleteJson);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _jsonWriter.Dispose();
        GC.SuppressFinalize(this);
    }

    // Encoding writes into a reused (pooled) buffer on both sides, as a server sending frames does.
    [Benchmark]
    public int Invoke_Encode_AspV1()
    {
        _buffer.ResetWrittenCount();
        AspV1Protocol.Write(Messages.Invoke, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public long Invoke_Encode_Json()
    {
        _buffer.ResetWrittenCount();
        _jsonWriter.Reset(_buffer);
        JsonSerializer.Serialize(_jsonWriter, Messages.InvokeAsJson, BenchJsonContext.Default.InvokeJson);
        return _jsonWriter.BytesCommitted;
    }

    [Benchmark]
    public object Invoke_Decode_AspV1() => AspV1Protocol.Parse(_invoke);

    [Benchmark]
    public object? Invoke_Decode_Json() => JsonSerializer.Deserialize(_invokeJson, BenchJsonContext.Default.InvokeJson);

    [Benchmark]
    public int Stream_Encode_AspV1()
    {
        _buffer.ResetWrittenCount();
        AspV1Protocol.Write(Messages.Stream, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public long Stream_Encode_Json()
    {
        _buffer.ResetWrittenCount();
        _jsonWriter.Reset(_buffer);
        JsonSerializer.Serialize(_jsonWriter, Messages.StreamAsJson, BenchJsonContext.Default.StreamJson);
        return _jsonWriter.BytesCommitted;
    }

    [Benchmark]
    public object Stream_Decode_AspV1() => AspV1Protocol.Parse(_stream);

    [Benchmark]
    public object? Stream_Decode_Json() => JsonSerializer.Deserialize(_streamJson, BenchJsonContext.Default.StreamJson);

    [Benchmark]
    public int Complete_Encode_AspV1()
    {
        _buffer.ResetWrittenCount();
        AspV1Protocol.Write(Messages.Complete, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public long Complete_Encode_Json()
    {
        _buffer.ResetWrittenCount();
        _jsonWriter.Reset(_buffer);
        JsonSerializer.Serialize(_jsonWriter, Messages.CompleteAsJson, BenchJsonContext.Default.CompleteJson);
        return _jsonWriter.BytesCommitted;
    }

    [Benchmark]
    public object Complete_Decode_AspV1() => AspV1Protocol.Parse(_complete);

    [Benchmark]
    public object? Complete_Decode_Json() => JsonSerializer.Deserialize(_completeJson, BenchJsonContext.Default.CompleteJson);
}
