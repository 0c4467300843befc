using UnityEngine;
using UnityEngine.UI;

namespace NextGpt.Realtime.Unity.Samples
{
    /// <summary>Wire an InputField, a Text and a RawImage to an NpcAgentBehaviour: type, press Enter, watch the reply.</summary>
    public sealed class NpcChatSample : MonoBehaviour
    {
        [SerializeField] private NpcAgentBehaviour npc;
        [SerializeField] private InputField input;
        [SerializeField] private Text reply;
        [SerializeField] private RawImage picture;

        public void OnTextChanged(string text) => reply.text = text;

        public void OnImageChanged(Texture2D texture) => picture.texture = texture;

        private void Update()
        {
            if (Input.GetKeyDown(KeyCode.Return) && input.text.Length > 0)
            {
                npc.Say(input.text);
                input.text = "";
            }

            if (Input.GetKeyDown(KeyCode.Escape))
            {
                npc.BargeIn();
            }
        }
    }
}
