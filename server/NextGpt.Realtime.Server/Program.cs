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
// Contract types first (every turn event in its union form, as clients expect), then MessagePack's standard resolver.
builder.Services.AddSignalR(options => options.EnableDetailedErrors = builder.Environment.IsDevelopment()).AddMessagePackProtocol(options => options.SerializerOptions = MessagePackSerializerOptions.Standard
    .WithResolver(CompositeResolver.Create(ContractsResolver.Instance, StandardResolver.Instance))
    .WithSecurity(MessagePackSecurity.UntrustedData));

var app = builder.Build();

app.MapHealthEndpoint();
app.MapHub<NextGptHub>(NextGptHub.Path);

app.Run();

/// <summary>Entry point; public so WebApplicationFactory can start the host in tests.</summary>
public partial class Program;
