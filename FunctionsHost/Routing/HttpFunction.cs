using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace AgentPlatform.FunctionsHost.Routing;

/// <summary>A loaded function with an HTTP trigger: where it listens and which binding receives the request.</summary>
public sealed class HttpFunction
{
    private readonly TemplateMatcher _matcher;

    public HttpFunction(string functionId, string name, string bindingName, string route, IReadOnlyCollection<string>? methods, string? authLevel)
    {
        FunctionId = functionId;
        Name = name;
        BindingName = bindingName;
        Route = route;
        Methods = methods;
        AuthLevel = authLevel;
        var template = TemplateParser.Parse(route);
        _matcher = new TemplateMatcher(template, new RouteValueDictionary());
        Precedence = RoutePrecedence.ComputeInbound(template);
        Pattern = RoutePatternFactory.Parse(route);
    }

    public string FunctionId { get; }

    public string Name { get; }

    /// <summary>The trigger parameter's name (the InvocationRequest input the worker binds it from).</summary>
    public string BindingName { get; }

    /// <summary>The route template, relative to the (empty) route prefix.</summary>
    public string Route { get; }

    /// <summary>Allowed methods, upper case; null means any.</summary>
    public IReadOnlyCollection<string>? Methods { get; }

    /// <summary>As declared; FunctionsHost does not check function keys (README).</summary>
    public string? AuthLevel { get; }

    public decimal Precedence { get; }

    public RoutePattern Pattern { get; }

    public bool AllowsMethod(string method) =>
        Methods is null || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    public bool TryMatch(PathString path, RouteValueDictionary values) => _matcher.TryMatch(path, values);
}
