using System.Collections;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Media.Imaging;
using NextGpt.Realtime.Contracts.Primitives;
using UnityEngine;

namespace NextGpt.Realtime.Unity
{
    /// <summary>Sends what the player sees to an NPC: captures the frame at the end of rendering, as JPEG (or PNG).</summary>
    public sealed class ScreenshotCapture : MonoBehaviour
    {
        [SerializeField] private NpcAgentBehaviour npc;
        [SerializeField] private int maxSide = 768;
        [SerializeField] private bool jpeg = true;
        [SerializeField, Range(1, 100)] private int jpegQuality = JpegEncoder.DefaultQuality;

        public void AskAboutView(string question) => StartCoroutine(Capture(question));

        private IEnumerator Capture(string question)
        {
            yield return new WaitForEndOfFrame();
            var shot = ScreenCapture.CaptureScreenshotAsTexture();
            var image = MediaInput.Screenshot(shot.GetRawTextureData(), shot.width, shot.height, PixelLayout.Rgba32, RowOrder.BottomUp,
                jpeg ? MediaFormat.Jpeg : MediaFormat.Png, maxSide, jpegQuality);
            Destroy(shot);
            npc.Agent?.StartTurn(TurnInput.Say(question).With(image));
        }
    }
}
