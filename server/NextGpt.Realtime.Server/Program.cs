using NextGpt.Realtime.Server.Health;
using NextGpt.Realtime.Server.Hubs;
using NextGpt.Realtime.Server.Inference;

// The host is a table of contents: each line registers or maps one concern (style.md principle 16).
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddNextGptRuntime();
builder.Services.AddNextGptInference(builder.Configuration);
builder.Services.AddSignalR().AddMessagePackProtocol();

var app = builder.Build();

app.MapHealthEndpoint();
app.MapHub<NextGptHub>(NextGptHub.Path);

app.Run();

/// <summary>Entry point; public so WebApplicationFactory can start the host in tests.</summary>
public partial class Program;
