using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using NextGpt.Realtime.Client.Serialization;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>The AOT-safe protocol and SignalR's stock MessagePack protocol must read each other's messages.</summary>
public sealed class ProtocolInteropTests
{
    private static readonly IHubProtocol Ours = new ContractsHubProtocol();
    private static readonly IHubProtocol Stock = new MessagePackHubProtocol();

    [Fact]
    public void Invocation_WrittenByTheClient_IsReadByTheStockProtocolUnchanged()
    {
        var request = new TurnRequest { SessionId = "s", Text = "hi", UploadIds = ["u1"], PlayerId = "p", AllowedOutputs = [Modality.Image] };
        var message = new StreamInvocationMessage("7", "StartTurn", [request]);

        var ours = Ours.GetMessageBytes(message).ToArray();

        Assert.Equal(StockWithContractsResolver().GetMessageBytes(message).ToArray(), ours);
        var parsed = Assert.IsType<StreamInvocationMessage>(Parse(StockWithContractsResolver(), ours, new Binder(parameters: [typeof(TurnRequest)])));
        var copy = Assert.IsType<TurnRequest>(parsed.Arguments.Single());
        Assert.Equal(("s", "hi", "u1", Modality.Image), (copy.SessionId, copy.Text, copy.UploadIds.Single(), copy.AllowedOutputs.Single()));
    }

    [Fact]
    public void StreamItemsAndCompletions_FromTheStockProtocol_AreReadByTheClient()
    {
        var delta = new TextDelta { TurnId = "t", Sequence = 2, Text = "hello" };
        var binder = new Binder(streamItem: typeof(TurnEvent), result: typeof(SessionInfo));
        var union = StockWithContractsResolver();

        var item = Assert.IsType<StreamItemMessage>(Parse(Ours, union.GetMessageBytes(new StreamItemMessage("1", delta)).ToArray(), binder));
        var completion = Assert.IsType<CompletionMessage>(Parse(Ours,
            union.GetMessageBytes(CompletionMessage.WithResult("2", new SessionInfo { SessionId = "s9", Persona = new Persona { Name = "Ada" } })).ToArray(), binder));

        Assert.Equal("hello", Assert.IsType<TextDelta>(item.Item).Text);
        Assert.Equal("s9", Assert.IsType<SessionInfo>(completion.Result).SessionId);
    }

    [Fact]
    public void EnumsAsNames_FromAServerLeftAtSignalRDefaults_AreRead()
    {
        // SignalR's default MessagePack resolver writes enums as strings ("Image"); the wire spec says integers.
        var started = new MediaStarted { TurnId = "t", PartId = 1, Sequence = 1, Modality = Modality.Image, Width = 8, Height = 8 };
        var bytes = Stock.GetMessageBytes(CompletionMessage.WithResult("3", new UploadHeader { Modality = Modality.Audio, Format = MediaFormat.Wav })).ToArray();

        var header = Assert.IsType<UploadHeader>(Assert.IsType<CompletionMessage>(Parse(Ours, bytes, new Binder(result: typeof(UploadHeader)))).Result);

        Assert.Equal((Modality.Audio, MediaFormat.Wav), (header.Modality, header.Format));
        Assert.Contains("Image", System.Text.Encoding.UTF8.GetString(Stock.GetMessageBytes(new StreamItemMessage("1", started)).ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralFramesInOneBuffer_AreParsedInOrder()
    {
        var bytes = Ours.GetMessageBytes(PingMessage.Instance).ToArray()
            .Concat(Ours.GetMessageBytes(new CancelInvocationMessage("5")).ToArray())
            .Concat(Ours.GetMessageBytes(new SequenceMessage(9)).ToArray()).ToArray();
        var input = new ReadOnlySequence<byte>(bytes);
        var binder = new Binder();

        Assert.True(Ours.TryParseMessage(ref input, binder, out var first));
        Assert.True(Ours.TryParseMessage(ref input, binder, out var second));
        Assert.True(Ours.TryParseMessage(ref input, binder, out var third));
        Assert.False(Ours.TryParseMessage(ref input, binder, out _));

        Assert.IsType<PingMessage>(first);
        Assert.Equal("5", Assert.IsType<CancelInvocationMessage>(second).InvocationId);
        Assert.Equal(9, Assert.IsType<SequenceMessage>(third).SequenceId);
    }

    [Fact]
    public void PartialFrame_WaitsForMoreBytes()
    {
        var bytes = Ours.GetMessageBytes(new StreamItemMessage("1", new byte[70000])).ToArray();
        var input = new ReadOnlySequence<byte>(bytes, 0, bytes.Length - 1);

        Assert.False(Ours.TryParseMessage(ref input, new Binder(streamItem: typeof(byte[])), out _));
    }

    [Fact]
    public void ATypeOutsideTheContracts_IsRefusedWithAClearMessage()
    {
        var error = Assert.Throws<InvalidDataException>(() => Ours.GetMessageBytes(new InvocationMessage("Foo", [new Uri("http://x")])));

        Assert.Contains("System.Uri cannot cross the NextGpt hub", error.Message, StringComparison.Ordinal);
    }

    private static MessagePackHubProtocol StockWithContractsResolver() => new(Microsoft.Extensions.Options.Options.Create(new MessagePackHubProtocolOptions
    {
        SerializerOptions = MessagePack.MessagePackSerializerOptions.Standard.WithResolver(MessagePack.Resolvers.CompositeResolver.Create(
            Contracts.Serialization.ContractsResolver.Instance, MessagePack.Resolvers.StandardResolver.Instance)),
    }));

    private static HubMessage Parse(IHubProtocol protocol, byte[] bytes, IInvocationBinder binder)
    {
        var input = new ReadOnlySequence<byte>(bytes);
        Assert.True(protocol.TryParseMessage(ref input, binder, out var message));
        Assert.True(input.IsEmpty);
        return message!;
    }

    private sealed class Binder(Type[]? parameters = null, Type? streamItem = null, Type? result = null) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => parameters ?? [];

        public Type GetReturnType(string invocationId) => result ?? typeof(object);

        public Type GetStreamItemType(string streamId) => streamItem ?? typeof(object);
    }
}
