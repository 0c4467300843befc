namespace NextGpt.Realtime.Cli.Forward;

/// <summary>Every <see cref="IForwardComponent"/> in this assembly, by name.</summary>
public static class ForwardComponents
{
    public static IReadOnlyDictionary<string, IForwardComponent> All { get; } = typeof(IForwardComponent).Assembly.GetTypes()
        .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(IForwardComponent).IsAssignableFrom(type))
        .Select(type => (IForwardComponent)Activator.CreateInstance(type)!)
        .ToDictionary(component => component.Name, StringComparer.Ordinal);
}
