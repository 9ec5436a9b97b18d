using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Functions;

namespace AgentPlatform.Relay.Upstream.Functions;

/// <summary>
/// The caller side of relay-functions.md: posts an invocation, reads the streamed body record by record as it
/// arrives (never to the end first) and maps every failure to an asp-v1 error code.
/// </summary>
public sealed class FunctionsClient(IHttpClientFactory http, RelayOptions options)
{
    public const string HttpClientName = "functions";
    public const string ChunksContentType = "application/vnd.agentplatform.chunks+msgpack";

    /// <summary>The header the Azure Functions host reads a function or host key from.</summary>
    public const string KeyHeader = "x-functions-key";

    // How long a REPLY or steering POST may take.
    private static readonly TimeSpan SmallPostTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs one invocation. Records other than the final one go to <paramref name="onRecord"/> in order.
    /// Cancelling <paramref name="cancellationToken"/> aborts the HTTP request (INTERRUPT): the caller reports it.
    /// </summary>
    public async Task<FunctionOutcome> InvokeAsync(Uri functionsBase, string agent, ReadOnlyMemory<byte> body,
        Func<FunctionRecord, ValueTask> onRecord, int maxRecordBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(functionsBase, "invoke/" + Uri.EscapeDataString(agent)))
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(InvokeRequestBody.ContentType);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ChunksContentType));
        AddKey(request);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK) return MapStatus(response.StatusCode);
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            var outcome = await ReadRecordsAsync(PipeReader.Create(stream), onRecord, maxRecordBytes, deadline.Token).ConfigureAwait(false);
            if (outcome.Completed && outcome.CpuMs is null && CpuHeader(response) is { } cpu) outcome = outcome with { CpuMs = cpu };
            return outcome;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FunctionOutcome.Fail(AspErrorCodes.Timeout, "the function did not finish in time", retryable: true);
        }
        catch (HttpRequestException)
        {
            return FunctionOutcome.Fail(AspErrorCodes.FunctionUnavailable, "the function host could not be reached", retryable: true);
        }
        catch (IOException)
        {
            return FunctionOutcome.Fail(AspErrorCodes.FunctionProtocol, "the function's response broke off", retryable: true);
        }
    }

    /// <summary>Forwards a REPLY; true when a waiting request took it (202).</summary>
    public Task<bool> PostReplyAsync(Uri functionsBase, string agent, string invocationId, string rid, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken) =>
        PostToInvocationAsync(functionsBase, $"invoke/{Uri.EscapeDataString(agent)}/{Uri.EscapeDataString(invocationId)}/replies/{Uri.EscapeDataString(rid)}",
            body, cancellationToken);

    /// <summary>Forwards steering (INTERRUPT with data); true when the running invocation took it (202).</summary>
    public Task<bool> PostSteeringAsync(Uri functionsBase, string agent, string invocationId, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken) =>
        PostToInvocationAsync(functionsBase, $"invoke/{Uri.EscapeDataString(agent)}/{Uri.EscapeDataString(invocationId)}/steering", body, cancellationToken);

    private async Task<bool> PostToInvocationAsync(Uri functionsBase, string path, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(functionsBase, path)) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ReplyBody.ContentType);
        AddKey(request);
        // This client bypasses the standard pipeline (see RelayExtensions), so the bound is here.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SmallPostTimeout);
        try
        {
            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void AddKey(HttpRequestMessage request)
    {
        if (options.FunctionsKey is { } key) request.Headers.TryAddWithoutValidation(KeyHeader, key);
    }

    private static async Task<FunctionOutcome> ReadRecordsAsync(PipeReader reader, Func<FunctionRecord, ValueTask> onRecord,
        int maxRecordBytes, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (true)
                {
                    FunctionRecord? record;
                    try
                    {
                        if (!FunctionRecordReader.TryParse(ref buffer, out record, maxRecordBytes)) break;
                    }
                    catch (FunctionProtocolException)
                    {
                        return FunctionOutcome.Fail(AspErrorCodes.FunctionProtocol, "the function sent a malformed record", retryable: true);
                    }
                    switch (record)
                    {
                        case ResultRecord result:
                            return new FunctionOutcome { Completed = true, Result = result.Result, CpuMs = result.CpuMs };
                        case ErrorRecord error:
                            return FunctionOutcome.Fail(error.Code, error.Message, error.Retryable);
                        default:
                            await onRecord(record!).ConfigureAwait(false);
                            break;
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    return FunctionOutcome.Fail(AspErrorCodes.FunctionProtocol, "the function's response ended without a result", retryable: true);
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static FunctionOutcome MapStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => FunctionOutcome.Fail(AspErrorCodes.UnknownAgent, "the function host does not know this agent", false),
        HttpStatusCode.BadRequest => FunctionOutcome.Fail(AspErrorCodes.BadInput, "the function refused the input", false),
        HttpStatusCode.Conflict => FunctionOutcome.Fail(AspErrorCodes.Conflict, "the session's context changed concurrently", true),
        _ => FunctionOutcome.Fail(AspErrorCodes.FunctionUnavailable,
            "the function host answered " + ((int)status).ToString(CultureInfo.InvariantCulture), true),
    };

    private static double? CpuHeader(HttpResponseMessage response)
    {
        foreach (var headers in new HttpHeaders[] { response.Headers, response.TrailingHeaders })
        {
            if (headers.TryGetValues("X-Cpu-Time", out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                return ms;
            }
        }
        return null;
    }
}
