
export { RatingNode } from './RatingNode';
export {
  AssessmentCell,
  AssessmentHeader,
  TableDocument,
  assessmentSchemaExtensions,
} from './tableExtensions';
