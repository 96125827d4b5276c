using LearningHealth.Feedback;
using LearningHealth.Indicators;

namespace LearningHealth.Tests.Feedback;

public sealed class DataLineageTests
{
    private static LineageGraph Shipped(params EvaluatingInitiative[] initiatives) => DataLineage.Derive(
        IndicatorViews.All.ToDictionary(v => v.Key, v => (v.Value, true)), IndicatorLibrary.BuiltIn, initiatives);

    [Theory]
    [InlineData("MedicationRequest", "medication.ofType(CodeableConcept).coding.code", "MedicationRequest.medicationCodeableConcept")]
    [InlineData("MedicationRequest", "medicationCodeableConcept.coding.code.first()", "MedicationRequest.medicationCodeableConcept")]
    [InlineData("Observation", "effective.ofType(dateTime)", "Observation.effectiveDateTime")]
    [InlineData("Observation", "value", "Observation.value")]
    [InlineData("Encounter", "getResourceKey()", "Encounter.id")]
    [InlineData("Patient", "subject.getReferenceKey(Patient)", "Patient.subject")]
    [InlineData("Encounter", "reasonCode.coding.where(system = 'http://snomed.info/sct').code.first()", "Encounter.reasonCode")]
    [InlineData("Encounter", "Encounter.period.start", "Encounter.period")]
    [InlineData("Observation", "%resource.code.coding.code", "Observation.code")]
    public void A_path_reads_the_element_it_starts_from(string resource, string path, string element)
    {
        Assert.Equal([element], PathElements.FromResource(resource, path));
    }

    [Fact]
    public void Arguments_read_from_the_resource_count_and_those_read_from_an_element_do_not()
    {
        var practitioner = "iif(participant.where(type.coding.code = 'PPRF').exists(), participant.where(type.coding.code = 'PPRF'), participant).individual.getReferenceKey(Practitioner).first()";
        var area = "iif(address.district.exists(), address.district, address.city).first()";
        var either = "(status | class.code).first() is string and subject.exists()";

        Assert.Equal(["Encounter.participant"], PathElements.FromResource("Encounter", practitioner));
        Assert.Equal(["Patient.address"], PathElements.FromResource("Patient", area));
        Assert.Equal(["Encounter.class", "Encounter.status", "Encounter.subject"], PathElements.FromResource("Encounter", either));
    }

    [Fact]
    public void The_shipped_views_map_each_column_to_the_elements_its_path_reads()
    {
        var graph = Shipped();
        var medication = graph.Views.Single(v => v.Name == "medication_request_flat");
        var encounter = graph.Views.Single(v => v.Name == "encounter_flat");
        var practitioner = graph.Views.Single(v => v.Name == "practitioner_flat");
        var bloodPressure = graph.Views.Single(v => v.Name == "blood_pressure_flat");

        Assert.Equal(["MedicationRequest.medicationCodeableConcept"], medication.Columns.Single(c => c.Name == "medication_code").Elements);
        Assert.Equal(["Encounter.participant"], encounter.Columns.Single(c => c.Name == "practitioner").Elements);
        Assert.Equal(["Encounter.reasonCode"], encounter.Columns.Single(c => c.Name == "reason_code").Elements);
        // Columns under forEachOrNull read the iterated element.
        Assert.Equal(["Practitioner.identifier"], practitioner.Columns.Single(c => c.Name == "identifier_value").Elements);
        // A view's where clause is part of what it reads.
        Assert.Equal(["Observation.code"], bloodPressure.FilterElements);
        Assert.Contains("Observation.component", bloodPressure.Elements);
    }

    [Fact]
    public void Rti_antibiotics_uses_the_reason_and_the_medication_and_feeds_the_report_and_its_initiative()
    {
        var initiative = new EvaluatingInitiative(Guid.NewGuid(), "Antibiotic prescribing", "rti-antibiotics");
        var graph = Shipped(initiative);
        var rti = graph.Indicators.Single(i => i.Id == "rti-antibiotics");

        Assert.Contains("Encounter.reasonCode", rti.Elements);
        Assert.Contains("MedicationRequest.medicationCodeableConcept", rti.Elements);
        Assert.Contains("encounter_flat.reason_code", rti.Columns);
        Assert.Contains("medication_request_flat.medication_code", rti.Columns);
        // Columns its SQL does not name are not its data: rti-antibiotics never reads the encounter's discharge.
        Assert.DoesNotContain("Encounter.hospitalization", rti.Elements);
        Assert.Equal([DataLineage.FeedbackReport.Key, $"initiative:{initiative.Id}"], rti.Uses.Select(u => u.Key));

        var reason = graph.Elements.Single(e => e.Key == "Encounter.reasonCode");
        Assert.Contains("encounter_flat", reason.Views);
        Assert.Contains("rti-antibiotics", reason.Indicators);
        Assert.Contains(reason.Uses, u => u.Title == "Antibiotic prescribing");
        Assert.True(reason.RecordedByClinicians);
        Assert.False(graph.Elements.Single(e => e.Key == "Patient.address").RecordedByClinicians);
        // Other indicators do not inherit the initiative.
        Assert.DoesNotContain(graph.Indicators.Single(i => i.Id == "smoking-status-recorded").Uses, u => u.Key.StartsWith("initiative:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declared_choice_element_meets_the_typed_elements_the_views_read()
    {
        var graph = Shipped();
        var controlled = graph.Indicators.Single(i => i.Id == "diabetes-hba1c-controlled");

        // Declared as Observation.value[x] and Observation.effective[x]; observation_flat reads valueQuantity and effectiveDateTime.
        Assert.Contains("Observation.valueQuantity", controlled.DeclaredElements);
        Assert.Contains("Observation.effectiveDateTime", controlled.DeclaredElements);
        Assert.DoesNotContain(graph.Elements, e => e.Key == "Observation.value[x]" || e.Key == "Observation.effective[x]");
    }

    [Fact]
    public void Register_entries_cover_elements_by_resource_type_and_the_rest_are_flagged()
    {
        var entry = new DataUseEntry(Guid.NewGuid(), "GP extract", "", ["Encounter", "MedicationRequest"], "Direct care", "6(1)(e)", LearningHealth.Feedback.DpiaStatus.Approved, "", null, DateTime.UtcNow, 1);
        var map = GetDataUseMap.Join(Shipped(), [entry]);

        Assert.Same(entry, Assert.Single(map.Element("Encounter.reasonCode")!.Register));
        Assert.True(map.Element("Patient.address")!.Unregistered);
        Assert.All(map.Unregistered, e => Assert.DoesNotContain(e.Element.ResourceType, new[] { "Encounter", "MedicationRequest" }));
        Assert.All(map.RecordedByClinicians, e => Assert.Contains(e.Element.ResourceType, DataLineage.ClinicianElements.Keys));
        Assert.Contains(map.RecordedByClinicians, e => e.Element.Key == "Condition.code");
    }
}
