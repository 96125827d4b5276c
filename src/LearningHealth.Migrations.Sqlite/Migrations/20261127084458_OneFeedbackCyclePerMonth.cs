using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningHealth.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OneFeedbackCyclePerMonth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FeedbackCycles_PeriodStart",
                table: "FeedbackCycles",
                column: "PeriodStart",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FeedbackCycles_PeriodStart",
                table: "FeedbackCycles");
        }
    }
}
