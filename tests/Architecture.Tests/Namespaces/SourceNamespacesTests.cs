namespace AgentPlatform.Architecture.Tests.Namespaces;

/// <summary>The scanner the folder rule relies on, on small sources.</summary>
public sealed class SourceNamespacesTests
{
    [Theory]
    [InlineData("namespace A.B;\nclass C {}", "A.B")]
    [InlineData("using X;\n\nnamespace A.B\n{\n    class C {}\n}", "A.B")]
    [InlineData("// namespace Not.This;\nnamespace A;", "A")]
    [InlineData("/* namespace Not.This; */\nnamespace A;", "A")]
    [InlineData("namespace A\n{\n}\nnamespace B\n{\n}", "A,B")]
    [InlineData("var x = 1;", "")]
    public void Finds_the_declared_namespaces(string source, string expected) =>
        Assert.Equal(expected, string.Join(',', SourceNamespaces.Declared(source)));

    [Theory]
    [InlineData("Relay", "", "AgentPlatform.Relay")]
    [InlineData("Relay", ".", "AgentPlatform.Relay")]
    [InlineData("Relay", "AspV1/Sessions", "AgentPlatform.Relay.AspV1.Sessions")]
    [InlineData("Protocol", "MessagePack", "AgentPlatform.Protocol.MessagePack")]
    public void The_folder_names_the_namespace(string project, string folder, string expected) =>
        Assert.Equal(expected, SourceNamespaces.Expected(project, folder));

    [Theory]
    [InlineData("public sealed partial class Program;", true)]
    [InlineData("internal record Thing(int X);", true)]
    [InlineData("var app = builder.Build();\napp.Run();", false)]
    public void Tells_whether_a_file_declares_a_type(string source, bool declares) =>
        Assert.Equal(declares, SourceNamespaces.DeclaresType(source));
}
