using NextGpt.Realtime.Client.Audio;
using UnityEngine;

namespace NextGpt.Realtime.Unity
{
    /// <summary>Default microphone -> VoiceCapture -> voice turns on an NPC (voice activation or push-to-talk).</summary>
    public sealed class MicrophoneCapture : MonoBehaviour
    {
        [SerializeField] private NpcAgentBehaviour npc;
        [SerializeField] private bool pushToTalk;
        [SerializeField] private KeyCode talkKey = KeyCode.V;

        private readonly VoiceCapture _capture = new VoiceCapture();
        private NpcVoiceChannel _channel;
        private AudioClip _clip;
        private int _readPosition;
        private float[] _buffer = new float[0];

        private void Start()
        {
            _capture.Mode = pushToTalk ? VoiceMode.PushToTalk : VoiceMode.VoiceActivation;
            _clip = Microphone.Start(null, true, 10, AudioSettings.outputSampleRate);
        }

        private void Update()
        {
            if (_channel == null && npc.Agent != null)
            {
                _channel = new NpcVoiceChannel(_capture, npc.Agent);
            }

            if (pushToTalk && Input.GetKeyDown(talkKey))
            {
                _capture.BeginTalking();
            }

            if (pushToTalk && Input.GetKeyUp(talkKey))
            {
                _capture.EndTalking();
            }

            var position = Microphone.GetPosition(null);
            if (_clip == null || position == _readPosition)
            {
                return;
            }

            // The clip is a ring buffer: read up to its end, then from its start.
            var available = (position - _readPosition + _clip.samples) % _clip.samples;
            var frames = available;
            if (_buffer.Length != frames * _clip.channels)
            {
                _buffer = new float[frames * _clip.channels];
            }

            _clip.GetData(_buffer, _readPosition);
            _readPosition = position;
            if (_channel != null)
            {
                _capture.Push(_buffer, _clip.channels, _clip.frequency);
            }
        }

        private void OnDestroy()
        {
            _channel?.Dispose();
            Microphone.End(null);
        }
    }
}
