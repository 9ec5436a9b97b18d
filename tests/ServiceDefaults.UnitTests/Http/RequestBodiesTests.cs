using AgentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.ServiceDefaults.UnitTests.Http;

/// <summary>ReadCappedAsync on a request whose body is a stream in memory: the cap holds whatever Content-Length says.</summary>
public sealed class RequestBodiesTests
{
    private static DefaultHttpContext Request(Stream body, long? contentLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        context.Request.ContentLength = contentLength;
        return context;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    public async Task A_body_up_to_the_cap_is_returned_whole(int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var context = Request(new MemoryStream(bytes));
        Assert.Equal(bytes, await context.Request.ReadCappedAsync(100, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task One_byte_over_the_cap_is_refused_without_a_content_length()
    {
        var context = Request(new MemoryStream(new byte[101]));
        Assert.Null(await context.Request.ReadCappedAsync(100, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_content_length_over_the_cap_is_refused_before_any_read()
    {
        var body = new EndlessStream();
        var context = Request(body, contentLength: 101);
        Assert.Null(await context.Request.ReadCappedAsync(100, TestContext.Current.CancellationToken));
        Assert.Equal(0, body.Served);
    }

    [Fact]
    public async Task An_endless_body_that_claims_to_be_small_is_cut_at_the_cap()
    {
        var body = new EndlessStream();
        var context = Request(body, contentLength: 10);
        Assert.Null(await context.Request.ReadCappedAsync(1000, TestContext.Current.CancellationToken));
        Assert.InRange(body.Served, 1001, 64 * 1024);
    }

    /// <summary>Serves zero bytes for ever and counts them.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            Served += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            buffer.Span.Clear();
            Served += buffer.Length;
            return ValueTask.FromResult(buffer.Length);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
