namespace AgentPlatform.Registry.Api;

/// <summary>RFC 9457 answers of the Registry.</summary>
public static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is invalid.");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult TooLarge(int limit) =>
        TypedResults.Problem($"The body exceeds {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");

    public static IResult Unauthorized() =>
        TypedResults.Problem("A valid 'Authorization: Bearer <registry key>' header is required for writes.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
}
