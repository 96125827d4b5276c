namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// An expression met data it cannot handle while running, such as a comparison of a multi-item collection
/// (FHIRPath N1 "Singleton Evaluation of Collections"). The view runner adds which column or clause failed.
/// </summary>
internal sealed class FhirPathEvaluationException(string message) : Exception(message);
