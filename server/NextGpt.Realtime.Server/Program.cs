using NextGpt.Realtime.Server.Health;
using NextGpt.Realtime.Server.Hubs;
using NextGpt.Realtime.Server.Inference;
using NextGpt.Realtime.Server.Observability;
using NextGpt.Realtime.Server.Preview;
using NextGpt.Realtime.Server.ScaleOut;
using NextGpt.Realtime.Server.Security;

// The host is a table of contents: each line registers or maps one concern (style.md principle 16). Configuration comes
// from appsettings.json and environment variables (Section__Key), as ASP.NET Core reads them.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddNextGptRuntime();
builder.Services.AddNextGptSecurity(builder.Configuration);
builder.Services.AddNextGptInference(builder.Configuration);
builder.Services.AddNextGptHub();
builder.Services.AddNextGptScaleOut(builder.Configuration);
builder.Services.AddNextGptPreview(builder.Configuration);

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();
app.MapHealthEndpoint();
app.MapPrometheusMetrics();
app.MapHub<NextGptHub>(NextGptHub.Path).RequireApiKeyUnlessOpen(app);
app.MapPreview();

app.Run();

/// <summary>Entry point; public so WebApplicationFactory can start the host in tests.</summary>
public partial class Program;
