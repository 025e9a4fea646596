using EnKashGen.RuntimeTests.EnKash;
using Xunit;

namespace EnKashGen.RuntimeTests;

public class Smoke
{
    [Fact]
    public void Client_type_is_generated()
    {
        var options = new EnKashCardsClientOptions { PartnerId = "CR1", ClientSecret = "s3cret" };
        Assert.DoesNotContain("s3cret", options.ToString());
    }
}
