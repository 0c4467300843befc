using NextGpt.Realtime.Server.Security;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Preview;

/// <summary>
/// The live-preview tool's HTTP side. The page (<c>/preview/</c>: static files, no secrets, open) connects to the hub
/// and spectates; its API (<c>/preview/api</c>, behind the hub's API key unless the server is open) lists the live
/// sessions and drives the MP4 recorder: start, stop (writes the file), download. Errors are JSON <c>{ error }</c>.
/// </summary>
public static class PreviewEndpoints
{
    public const string Path = "/preview";

    public static WebApplication MapPreview(this WebApplication app)
    {
        // Routing matches /preview and /preview/ alike; the page's relative URLs (api/..., ../hubs/...) need the slash.
        app.MapGet(Path, (HttpContext http, PreviewAssets assets) => http.Request.Path.Value!.EndsWith('/')
            ? Serve(assets, "index.html")
            : Results.Redirect($"{Path}/{http.Request.QueryString}"));
        app.MapGet($"{Path}/{{file}}", (string file, PreviewAssets assets) => Serve(assets, file));

        var api = app.MapGroup($"{Path}/api");
        api.RequireApiKeyUnlessOpen(app);
        api.MapGet("/sessions", (SessionStore sessions) => Results.Ok(sessions.All
            .Select(s => new { id = s.Id, name = s.Persona.Name, role = s.Persona.Role, players = s.Players.Count, turns = s.TurnCount })));
        api.MapPost("/sessions/{sessionId}/recordings", (string sessionId, SessionStore sessions, StreamRecordings recordings) =>
        {
            if (sessions.Find(sessionId) is null)
            {
                return Error(StatusCodes.Status404NotFound, $"There is no session '{sessionId}'.");
            }

            try
            {
                var recording = recordings.Start(sessionId);
                return Results.Created($"{Path}/api/recordings/{recording.Id}", new { id = recording.Id, sessionId });
            }
            catch (InvalidOperationException full)
            {
                return Error(StatusCodes.Status409Conflict, full.Message);
            }
        });
        api.MapPost("/recordings/{recordingId}/stop", async (string recordingId, StreamRecordings recordings, CancellationToken cancellationToken) =>
        {
            try
            {
                return await recordings.StopAsync(recordingId, cancellationToken) is { } file
                    ? Results.Ok(new
                    {
                        id = file.Id, sessionId = file.SessionId, bytes = file.Bytes, seconds = file.Duration.TotalSeconds,
                        hasAudio = file.HasAudio, hasCaptions = file.HasCaptions, truncated = file.Truncated,
                        url = $"{Path}/api/recordings/{file.Id}.mp4",
                    })
                    : Error(StatusCodes.Status404NotFound, $"No recording '{recordingId}' is running.");
            }
            catch (InvalidOperationException empty)
            {
                return Error(StatusCodes.Status422UnprocessableEntity, empty.Message);
            }
            catch (IOException ffmpeg)
            {
                return Error(StatusCodes.Status500InternalServerError, ffmpeg.Message);
            }
        });
        api.MapGet("/recordings/{recordingId}.mp4", (string recordingId, StreamRecordings recordings) =>
            recordings.FindFinished(recordingId) is { } file
                ? Results.File(file.Path, "video/mp4", $"nextgpt-{file.SessionId}-{file.Id}.mp4", enableRangeProcessing: true)
                : Error(StatusCodes.Status404NotFound, $"There is no finished recording '{recordingId}'."));
        return app;
    }

    private static IResult Serve(PreviewAssets assets, string file)
    {
        if (!assets.IsBuilt)
        {
            return Results.Text("The preview page was not built into this server (it was built with -p:SkipPreviewWeb=true or " +
                "without Node.js); rebuild with Node.js 20+ and npm on PATH.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return assets.Find(file) is { } found ? Results.Bytes(found.Bytes, found.ContentType) : Results.NotFound();
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
