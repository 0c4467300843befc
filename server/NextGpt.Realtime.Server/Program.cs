using MessagePack;
using MessagePack.Resolvers;
using NextGpt.Realtime.Contracts.Serialization;
using NextGpt.Realtime.Server.Health;
using NextGpt.Realtime.Server.Hubs;
using NextGpt.Realtime.Server.Inference;

// The host is a table of contents: each line registers or maps one concern (style.md principle 16).
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddNextGptRuntime();
builder.Services.AddNextGptInference(builder.Configuration);
// ContractsResolver first: integer enums and the TurnEvent union form on the wire (docs/wire-protocol.md); SignalR's
// default resolver would write enum names and drop the union tag of stream items (it serializes by runtime type).
builder.Services.AddSignalR().AddMessagePackProtocol(o => o.SerializerOptions = MessagePackSerializerOptions.Standard
    .WithResolver(CompositeResolver.Create(ContractsResolver.Instance, StandardResolver.Instance)));

var app = builder.Build();

app.MapHealthEndpoint();
app.MapHub<NextGptHub>(NextGptHub.Path);

app.Run();

/// <summary>Entry point; public so WebApplicationFactory can start the host in tests.</summary>
public partial class Program;
