using System.Collections;
using UnityEngine;

namespace NextGpt.Realtime.Unity
{
    /// <summary>Sends what the player sees to an NPC: captures the frame at the end of rendering, as PNG.</summary>
    public sealed class ScreenshotCapture : MonoBehaviour
    {
        [SerializeField] private NpcAgentBehaviour npc;
        [SerializeField] private int maxSide = 768;

        public void AskAboutView(string question) => StartCoroutine(Capture(question));

        private IEnumerator Capture(string question)
        {
            yield return new WaitForEndOfFrame();
            var shot = ScreenCapture.CaptureScreenshotAsTexture();
            var png = NextGpt.Realtime.Client.Media.Imaging.PngEncoder.EncodeFrame(
                shot.GetRawTextureData(), shot.width, shot.height,
                NextGpt.Realtime.Client.Media.Imaging.PixelLayout.Rgba32,
                NextGpt.Realtime.Client.Media.Imaging.RowOrder.BottomUp, maxSide);
            Destroy(shot);
            npc.SayWithScreenshot(question, png);
        }
    }
}
