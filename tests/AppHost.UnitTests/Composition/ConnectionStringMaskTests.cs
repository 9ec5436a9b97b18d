using AgentPlatform.AppHost.Composition;

namespace AgentPlatform.AppHost.UnitTests.Composition;

public sealed class ConnectionStringMaskTests
{
    [Theory]
    [InlineData("Endpoint=http://127.0.0.1:5102;AccessKey=Om1/Jcq+zv==;Version=1.0;", "Endpoint=http://127.0.0.1:5102;AccessKey=***;Version=1.0;")]
    [InlineData("AccessKey=abc;Endpoint=x", "AccessKey=***;Endpoint=x")]
    [InlineData("127.0.0.1:6379,password=s3cret,abortConnect=false", "127.0.0.1:6379,password=***,abortConnect=false")]
    [InlineData("127.0.0.1:6379, Password = s3cret", "127.0.0.1:6379, Password =***")]
    [InlineData("127.0.0.1:6379,abortConnect=false", "127.0.0.1:6379,abortConnect=false")]
    [InlineData("", "")]
    public void Secret_fields_are_starred_and_the_rest_kept(string input, string expected) =>
        Assert.Equal(expected, ConnectionStringMask.Mask(input));
}
