using AgentPlatform.Functions;
using Microsoft.Azure.Functions.Worker.Builder;

// The deployable entry point: an Azure Functions isolated worker. A Functions host (Azure, `func start`, or
// FunctionsHost locally) starts this process and invokes the HTTP triggers in Functions/Worker.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddFunctions();
builder.Services.AddWorkerTelemetry();
builder.Build().Run();
