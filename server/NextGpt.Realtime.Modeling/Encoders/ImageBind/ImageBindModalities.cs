using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// The <c>vision</c> and <c>audio</c> entries of one of ImageBind's per-modality ModuleDicts (<c>modality_preprocessors</c>,
/// <c>modality_trunks</c>, <c>modality_heads</c>). A plain module rather than TorchSharp's ModuleDict, which
/// <c>Module.to(dtype)</c> cannot convert. The text, depth, thermal and IMU towers are not built: NExT-GPT uses none.
/// </summary>
public sealed class ImageBindModalities<TVision, TAudio> : nn.Module
    where TVision : nn.Module
    where TAudio : nn.Module
{
    [ComponentName(Name = "vision")] private readonly TVision _vision;
    [ComponentName(Name = "audio")] private readonly TAudio _audio;

    public ImageBindModalities(TVision vision, TAudio audio) : base("ModalityDict")
    {
        _vision = vision;
        _audio = audio;
        RegisterComponents();
    }

    public TVision Vision => _vision;

    public TAudio Audio => _audio;
}
