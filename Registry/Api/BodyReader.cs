using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.Api;

/// <summary>Reads a registration body with a hard size cap, without trusting Content-Length.</summary>
public static class BodyReader
{
    public sealed record Result(AgentRegistration? Registration, IResult? Error);

    public static async Task<Result> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit) return new Result(null, Problems.TooLarge(limit));
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(ct).ConfigureAwait(false);
            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return new Result(null, Problems.TooLarge(limit));
            }
            if (read.IsCompleted || read.IsCanceled)
            {
                var result = Parse(read.Buffer);
                reader.AdvanceTo(read.Buffer.End);
                return result;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static Result Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsEmpty) return new Result(null, Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["a JSON object is required"] }));
        try
        {
            var jsonReader = new Utf8JsonReader(body);
            var reg = JsonSerializer.Deserialize(ref jsonReader, RegistryJsonContext.Default.AgentRegistration);
            return new Result(reg, null);
        }
        catch (JsonException ex)
        {
            // The parser's message names a position, not the content, so it is safe to return.
            return new Result(null, Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["malformed JSON: " + ex.Message] }));
        }
    }
}
