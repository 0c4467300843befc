using UnityEditor;

namespace NextGpt.Realtime.Unity.Editor
{
    /// <summary>Shows the live connection state under the connection component's fields in play mode.</summary>
    [CustomEditor(typeof(NextGptConnectionBehaviour))]
    public sealed class NextGptConnectionEditor : UnityEditor.Editor
    {
        public override void OnInspectorGUI()
        {
            DrawDefaultInspector();
            if (EditorApplication.isPlaying)
            {
                EditorGUILayout.LabelField("State", ((NextGptConnectionBehaviour)target).State.ToString());
                Repaint();
            }
        }
    }
}
