using System;
using NextGpt.Realtime.Client.Scenes;
using UnityEngine;

namespace NextGpt.Realtime.Unity
{
    /// <summary>Builds a skybox from a description; the panorama texture refines in place as updates arrive.</summary>
    public sealed class SceneGeneratorBehaviour : MonoBehaviour
    {
        [SerializeField] private NextGptConnectionBehaviour connection;
        [SerializeField] private Material panoramicSkybox;
        [SerializeField] private AudioSource ambience;
        [SerializeField] private string description = "a stormy harbour at dusk, lanterns swinging";

        private Texture2D _panorama;

        public async void Generate()
        {
            var generator = new SceneGenerator(connection.Connection);
            try
            {
                await foreach (var update in generator.GenerateAsync(new SceneRequest { Description = description }, destroyCancellationToken))
                {
                    Apply(update);
                }
            }
            catch (Exception ex)
            {
                Debug.LogException(ex);
            }
        }

        private void Apply(SceneAssetUpdate update)
        {
            if (update.Kind == SceneAssetKind.Panorama && update.Png != null)
            {
                if (_panorama == null)
                {
                    _panorama = new Texture2D(2, 2, TextureFormat.RGBA32, false);
                }

                _panorama.LoadImage(update.Png);
                panoramicSkybox.SetTexture("_MainTex", _panorama);
                RenderSettings.skybox = panoramicSkybox;
            }
            else if (update.Kind == SceneAssetKind.AmbientAudio && update.Pcm16 != null && ambience != null)
            {
                var samples = NextGpt.Realtime.Client.Audio.AudioConvert.Pcm16ToFloat(update.Pcm16);
                var clip = AudioClip.Create("ambience", Math.Max(1, samples.Length), 1, update.SampleRate, false);
                clip.SetData(samples, 0);
                ambience.clip = clip;
                ambience.loop = true;
                ambience.Play();
            }
        }
    }
}
