using System.Buffers;
using System.Text.Json;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.ServiceDefaults.Http;

namespace AgentPlatform.Registry.Api;

/// <summary>Reads a registration body with a hard size cap, without trusting Content-Length.</summary>
public static class BodyReader
{
    public sealed record Result(AgentRegistration? Registration, IResult? Error);

    public static async Task<Result> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadCappedAsync(limit, ct).ConfigureAwait(false);
        return body is null ? new Result(null, Problems.TooLarge(limit)) : Parse(new ReadOnlySequence<byte>(body));
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
