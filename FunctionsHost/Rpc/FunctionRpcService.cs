using AgentPlatform.FunctionsHost.Worker;
using Grpc.Core;

namespace AgentPlatform.FunctionsHost.Rpc;

/// <summary>FunctionRpc.EventStream: the worker's first message names it (StartStream); the supervisor takes the stream from there.</summary>
public sealed class FunctionRpcService(WorkerSupervisor supervisor) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        if (!await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false)
            || requestStream.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.InvalidArgument, "the first message must be StartStream"));
        }
        await supervisor.AttachAsync(requestStream.Current.StartStream.WorkerId, requestStream, responseStream, context.CancellationToken).ConfigureAwait(false);
    }
}
