using System.Reflection;
using System.Runtime.CompilerServices;
using MessagePack;
using MessagePack.Resolvers;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;

// Usage: AotHost <server-url>. Prints one line per check; exit code 0 when all pass.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NextGpt.Realtime.Client.AotHost <server-url>");
    return 2;
}

Check("dynamic code disabled", !RuntimeFeature.IsDynamicCodeSupported);

// Control: MessagePack's runtime-emitting resolver must fail here, or this process proves nothing.
var standardFailed = false;
try
{
    MessagePackSerializer.Serialize(new Persona { Name = "x" }, MessagePackSerializerOptions.Standard.WithResolver(StandardResolver.Instance));
}
catch (MessagePackSerializationException)
{
    standardFailed = true;
}

Check("control: StandardResolver cannot emit formatters", standardFailed);

await using var connection = new NextGptConnection(new NextGptClientOptions { ServerUrl = new Uri(args[0]), PlayerId = "aot-player" });
await connection.ConnectAsync();
Check("connected", connection.State == ConnectionState.Connected);

var npc = await connection.CreateNpcAsync(new Persona { Name = "Brom", Role = "blacksmith", Traits = ["gruff"] },
    new SessionSettings { AllowedOutputs = [Modality.Image, Modality.Audio], Seed = 7 });
Check("session created", npc.SessionId.Length > 0);

var texts = 0;
npc.TextReceived += (_, _) => texts++;
var png = new byte[] { 137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3 };
var result = await npc.StartTurn(TurnInput.Say("draw and sing").With(MediaInput.Image(png)).With(MediaInput.Pcm16(new byte[40000])));
Check("turn completed", result.Status == TurnStatus.Completed);
Check("text streamed", texts > 0 && result.Text.Contains("2 uploads", StringComparison.Ordinal));
Check("image and audio received", result.Media.Any(m => m.Png is not null) && result.Media.Any(m => m.Pcm16.Length > 0));

var events = new List<TurnEvent>();
await foreach (var e in npc.SayAsync("hello again"))
{
    events.Add(e);
}

Check("enumerated turn ends with TurnCompleted", events.Count > 2 && events[^1] is TurnCompleted);

var slow = npc.SayAsync("slow story");
await Task.Delay(300);
var cancelled = await slow.CancelAsync();
Check("barge-in cancels", cancelled.Status == TurnStatus.Cancelled);

// MessagePack's non-generic entry points (what IL2CPP cannot run) were never used.
var table = typeof(MessagePackSerializer).GetField("Serializes", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
var nonGenericUses = (int)table.GetType().GetField("size", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(table)!;
Check("no non-generic MessagePack calls", nonGenericUses == 0);
Check("no dynamic MessagePack assembly", !AppDomain.CurrentDomain.GetAssemblies().Any(a => a.IsDynamic && a.FullName!.Contains("MessagePack", StringComparison.Ordinal)));

Console.WriteLine("ALL PASSED");
return 0;

static void Check(string what, bool ok)
{
    Console.WriteLine($"{(ok ? "PASS" : "FAIL")} {what}");
    if (!ok)
    {
        Environment.Exit(1);
    }
}
