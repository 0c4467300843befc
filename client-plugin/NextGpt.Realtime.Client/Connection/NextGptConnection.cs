using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Serialization;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Client.Connection;

/// <summary>
/// One link to a NextGpt.Realtime server, shared by any number of NPCs (<see cref="NpcAgent"/>). Reconnects by itself
/// with backoff; after a reconnect it rejoins every NPC's session group, and re-creates a session the server no longer
/// knows (a restarted server) from the NPC's persona, so a game keeps talking to the same character.
/// </summary>
public sealed class NextGptConnection : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly ConcurrentDictionary<string, NpcAgent> _agents = new(StringComparer.Ordinal);
    private readonly object _stateLock = new();
    private ConnectionState _state = ConnectionState.Disconnected;

    public NextGptConnection(NextGptClientOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();

        var builder = new HubConnectionBuilder()
            .WithUrl(options.HubUrl(), http =>
            {
                http.Transports = options.Transports;
                http.SkipNegotiation = options.SkipNegotiation;
                if (options.AccessTokenProvider is not null)
                {
                    http.AccessTokenProvider = options.AccessTokenProvider;
                }
                else if (!string.IsNullOrEmpty(options.ApiKey))
                {
                    var key = options.ApiKey;
                    http.AccessTokenProvider = () => Task.FromResult<string?>(key);
                }

                options.ConfigureHttp?.Invoke(http);
            })
            .WithAutomaticReconnect(options.ReconnectPolicy);
        if (options.UseStatefulReconnect)
        {
            builder.WithStatefulReconnect();
        }

        // The AOT-safe protocol replaces the JSON default (and any reflection-based MessagePack protocol).
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol>(new ContractsHubProtocol());
        _hub = builder.Build();
        Hub = new HubProxy(_hub);

        _hub.On<string, TurnEvent>(nameof(INextGptClient.OnTurnEvent), OnGroupEvent);
        _hub.Reconnecting += error =>
        {
            SetState(ConnectionState.Reconnecting, error);
            return Task.CompletedTask;
        };
        _hub.Reconnected += _ => OnReconnectedAsync();
        _hub.Closed += error =>
        {
            SetState(ConnectionState.Disconnected, error);
            return Task.CompletedTask;
        };
    }

    public NextGptClientOptions Options { get; }

    /// <summary>The raw hub, for calls this class does not wrap.</summary>
    public INextGptHub Hub { get; }

    public ConnectionState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>SignalR's id of the current connection (changes on reconnect unless stateful reconnect kept it).</summary>
    public string? ConnectionId => _hub.ConnectionId;

    /// <summary>Raised (through the dispatcher) on every state change.</summary>
    public event Action<ConnectionStateChange>? StateChanged;

    /// <summary>Raised when a rejoin or re-creation of an NPC's session fails after a reconnect.</summary>
    public event Action<NpcAgent, Exception>? SessionRecoveryFailed;

    public IReadOnlyCollection<NpcAgent> Agents => _agents.Values.ToArray();

    /// <summary>Connects, retrying with the reconnect policy's delays while the server is unreachable.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (_hub.State != HubConnectionState.Disconnected)
        {
            throw new InvalidOperationException($"The connection is already {_hub.State}.");
        }

        SetState(ConnectionState.Connecting, null);
        var started = DateTime.UtcNow;
        for (long attempt = 0; ; attempt++)
        {
            try
            {
                await _hub.StartAsync(cancellationToken).ConfigureAwait(false);
                SetState(ConnectionState.Connected, null);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var delay = Options.ReconnectPolicy.NextRetryDelay(new RetryContext
                {
                    PreviousRetryCount = attempt,
                    ElapsedTime = DateTime.UtcNow - started,
                    RetryReason = ex,
                });
                if (delay is null)
                {
                    SetState(ConnectionState.Disconnected, ex);
                    throw new NextGptConnectionException($"Could not connect to {Options.HubUrl()}: {ex.Message}", ex);
                }

                await Task.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                SetState(ConnectionState.Disconnected, null);
                throw;
            }
        }
    }

    public async Task DisconnectAsync()
    {
        await _hub.StopAsync().ConfigureAwait(false);
        SetState(ConnectionState.Disconnected, null);
    }

    /// <summary>Opens a new NPC session with <paramref name="persona"/> and returns its agent.</summary>
    public async Task<NpcAgent> CreateNpcAsync(Persona persona, SessionSettings? settings = null, CancellationToken cancellationToken = default)
    {
        if (persona is null)
        {
            throw new ArgumentNullException(nameof(persona));
        }

        if (string.IsNullOrWhiteSpace(persona.Name))
        {
            throw new ArgumentException("A persona needs a name.", nameof(persona));
        }

        EnsureConnected();
        var request = new CreateSessionRequest { Persona = persona, Settings = settings ?? new SessionSettings(), PlayerId = Options.PlayerId };
        var info = await Hub.CreateSession(request).WithCancellation(cancellationToken).ConfigureAwait(false);
        var agent = new NpcAgent(this, info);
        _agents[info.SessionId] = agent;
        return agent;
    }

    /// <summary>Joins an NPC session another player created (multiplayer) or watches it (spectator).</summary>
    public async Task<NpcAgent> JoinNpcAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            throw new ArgumentException("A session id is required.", nameof(sessionId));
        }

        EnsureConnected();
        var info = await Hub.JoinSession(sessionId, Options.PlayerId).WithCancellation(cancellationToken).ConfigureAwait(false);
        var agent = new NpcAgent(this, info);
        _agents[info.SessionId] = agent;
        return agent;
    }

    /// <summary>Forgets an agent: its group events are no longer routed to it.</summary>
    public void Remove(NpcAgent agent)
    {
        if (agent is not null)
        {
            _agents.TryRemove(agent.SessionId, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync().ConfigureAwait(false);
        SetState(ConnectionState.Disconnected, null);
    }

    internal void Dispatch(Action action) => Options.Dispatcher.Post(action);

    internal void EnsureConnected()
    {
        if (_hub.State != HubConnectionState.Connected)
        {
            throw new NextGptConnectionException($"Not connected (the connection is {State}); call ConnectAsync first or wait for the reconnect.");
        }
    }

    internal void Rekey(string oldSessionId, NpcAgent agent)
    {
        _agents.TryRemove(oldSessionId, out _);
        _agents[agent.SessionId] = agent;
    }

    private void OnGroupEvent(string sessionId, TurnEvent turnEvent)
    {
        if (_agents.TryGetValue(sessionId, out var agent))
        {
            agent.OnGroupEvent(turnEvent);
        }
    }

    private async Task OnReconnectedAsync()
    {
        SetState(ConnectionState.Connected, null);
        foreach (var agent in _agents.Values.ToArray())
        {
            try
            {
                await agent.RecoverSessionAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                var failed = agent;
                Dispatch(() => SessionRecoveryFailed?.Invoke(failed, ex));
            }
        }
    }

    private void SetState(ConnectionState next, Exception? error)
    {
        ConnectionStateChange change;
        lock (_stateLock)
        {
            if (_state == next)
            {
                return;
            }

            change = new ConnectionStateChange(_state, next, error);
            _state = next;
        }

        Dispatch(() => StateChanged?.Invoke(change));
    }
}
