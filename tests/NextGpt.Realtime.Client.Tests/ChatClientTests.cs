using Microsoft.Extensions.AI;
using NextGpt.Realtime.Client.AI;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Client.Media.Imaging;
using NextGpt.Realtime.Client.Tests.Harness;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>Microsoft.Extensions.AI's IChatClient over the real server process (untrained model: the text is noise).</summary>
public sealed class ChatClientTests
{
    private static readonly SessionSettings Fast = new() { MaxTokens = 8, DiffusionSteps = 4, ImageWidth = 64, ImageHeight = 64, Seed = 7 };

    [Fact]
    public async Task A_text_and_image_message_streams_text_updates_and_a_usage_summary()
    {
        var port = FreePort();
        await using var server = await ServerProcess.StartAsync(port);
        await using var connection = new NextGptConnection(new NextGptClientOptions { ServerUrl = server.Url });
        await connection.ConnectAsync();
        var npc = await connection.CreateNpcAsync(new Persona { Name = "Mira", Role = "innkeeper" }, Fast);
        using IChatClient chat = new NextGptChatClient(npc);
        var screenshot = PngEncoder.EncodeFrame(new byte[32 * 32 * 3], 32, 32, PixelLayout.Rgb24, RowOrder.TopDown);
        var message = new ChatMessage(ChatRole.User, [new TextContent("what do you see?"), new DataContent(screenshot, "image/png")]);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync([message]))
        {
            updates.Add(update);
        }

        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]);

        Assert.Contains(updates, u => u.Contents.OfType<TextContent>().Any());
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        Assert.True(usage.InputTokenCount > 0 && usage.OutputTokenCount > 0);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
        Assert.Same(npc, chat.GetService<NpcAgent>());
        await Assert.ThrowsAsync<NotSupportedException>(async () =>
            await chat.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("?"), new DataContent(new byte[4], "video/mp4")])]));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
