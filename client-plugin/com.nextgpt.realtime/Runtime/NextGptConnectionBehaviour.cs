using System;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Client.Threading;
using UnityEngine;
using UnityEngine.Events;

namespace NextGpt.Realtime.Unity
{
    /// <summary>Owns the connection; drains client events on the main thread every frame.</summary>
    public sealed class NextGptConnectionBehaviour : MonoBehaviour
    {
        [SerializeField] private string serverUrl = "http://localhost:5000";
        [SerializeField] private string apiKey = "";
        [SerializeField] private string playerId = "";
        [SerializeField] private UnityEvent<string> stateChanged = new UnityEvent<string>();

        private readonly QueuedDispatcher _dispatcher = new QueuedDispatcher();

        public NextGptConnection Connection { get; private set; }

        public ConnectionState State => Connection?.State ?? ConnectionState.Disconnected;

        private void Awake()
        {
            _dispatcher.Error += Debug.LogException;
            var options = new NextGptClientOptions
            {
                ServerUrl = new Uri(serverUrl),
                ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey,
                Dispatcher = _dispatcher,
            };
            if (!string.IsNullOrEmpty(playerId))
            {
                options.PlayerId = playerId;
            }

            Connection = new NextGptConnection(options);
            Connection.StateChanged += change => stateChanged.Invoke(change.Current.ToString());
        }

        private async void Start()
        {
            try
            {
                await Connection.ConnectAsync(destroyCancellationToken);
            }
            catch (Exception ex)
            {
                Debug.LogException(ex);
            }
        }

        private void Update() => _dispatcher.RunPending();

        private async void OnDestroy()
        {
            if (Connection != null)
            {
                await Connection.DisposeAsync();
            }
        }
    }
}
