using LearningHealth.Charts;
using LearningHealth.Feedback;

namespace LearningHealth.Tests.Feedback;

public sealed class PracticeChartsTests
{
    [Fact]
    public void A_chart_gets_a_view_box_of_its_own_size_so_it_shrinks_to_fit_a_card()
    {
        var chart = new ChartOutput("<?xml?><svg role=\"img\" width=\"760\" height=\"420\" version=\"1.1\"><title>t</title></svg>", "d", [], []);

        var scalable = PracticeCharts.Scalable(chart);

        Assert.Equal("<?xml?><svg role=\"img\" width=\"760\" height=\"420\" version=\"1.1\" viewBox=\"0 0 760 420\"><title>t</title></svg>", scalable.Svg);
        Assert.Equal(scalable.Svg, PracticeCharts.Scalable(scalable).Svg);
    }
}
