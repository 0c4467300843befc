using System;
using System.Threading.Tasks;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Audio;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Contracts.Sessions;
using UnityEngine;
using UnityEngine.Events;

namespace NextGpt.Realtime.Unity
{
    /// <summary>One NPC: persona fields in the inspector; text, textures and audio clips out as UnityEvents.</summary>
    public sealed class NpcAgentBehaviour : MonoBehaviour
    {
        [SerializeField] private NextGptConnectionBehaviour connection;
        [SerializeField] private string npcName = "Brom";
        [SerializeField] private string role = "blacksmith";
        [SerializeField] private string[] traits = { "gruff", "proud of his forge" };
        [SerializeField] private AudioSource voice;
        [SerializeField] private UnityEvent<string> textChanged = new UnityEvent<string>();
        [SerializeField] private UnityEvent<Texture2D> imageChanged = new UnityEvent<Texture2D>();
        [SerializeField] private UnityEvent<AudioClip> audioReady = new UnityEvent<AudioClip>();
        [SerializeField] private UnityEvent<string> turnEnded = new UnityEvent<string>();

        private Texture2D _image;

        public NpcAgent Agent { get; private set; }

        private async void Start()
        {
            while (connection.State != ConnectionState.Connected)
            {
                await Task.Yield();
            }

            Agent = await connection.Connection.CreateNpcAsync(new Persona { Name = npcName, Role = role, Traits = traits });
            Agent.TextReceived += (turn, _) => textChanged.Invoke(turn.TextSoFar);
            Agent.ImagePreviewReceived += (_, preview) => ShowImage(preview.Png);
            Agent.ImageReceived += (_, image) => ShowImage(image.Png);
            Agent.MediaCompleted += OnMediaCompleted;
            Agent.TurnEnded += (_, result) => turnEnded.Invoke(result.Text);
        }

        public void Say(string text) => Agent?.SayAsync(text);

        public void SayWithScreenshot(string text, byte[] png) => Agent?.StartTurn(TurnInput.Say(text).With(MediaInput.Image(png)));

        /// <summary>The player interrupts: stops the reply and tells the server how much audio was heard.</summary>
        public void BargeIn()
        {
            var turn = Agent?.CurrentTurn;
            if (turn == null)
            {
                return;
            }

            if (voice != null && voice.isPlaying && voice.clip != null)
            {
                var heard = (float)voice.timeSamples / voice.clip.samples;
                turn.Playback.Manual = true;
                turn.Playback.ReportTextShown((int)(turn.TextSoFar.Length * heard));
                voice.Stop();
            }

            _ = turn.CancelAsync();
        }

        private void OnMediaCompleted(NpcTurn turn, Contracts.Events.MediaCompleted completed)
        {
            if (completed.Modality != Contracts.Primitives.Modality.Audio)
            {
                return;
            }

            foreach (var media in turn.Media)
            {
                if (media.PartId == completed.PartId)
                {
                    var samples = AudioConvert.Pcm16ToFloat(media.Pcm16);
                    var clip = AudioClip.Create(npcName + " voice", Math.Max(1, samples.Length), 1, media.SampleRate, false);
                    clip.SetData(samples, 0);
                    audioReady.Invoke(clip);
                    if (voice != null)
                    {
                        voice.clip = clip;
                        voice.Play();
                    }
                }
            }
        }

        private void ShowImage(byte[] png)
        {
            if (_image == null)
            {
                _image = new Texture2D(2, 2, TextureFormat.RGBA32, false);
            }

            _image.LoadImage(png);
            imageChanged.Invoke(_image);
        }
    }
}
