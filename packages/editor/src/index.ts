export { RatingNode } from './RatingNode';
export {
  AssessmentCell,
  AssessmentHeader,
  TableDocument,
  assessmentSchemaExtensions,
} from './tableExtensions';
export { emptyRow } from './emptyRow';
export {
  EDITOR_LIMITS,
  LockedSkeleton,
  ROW_COMMAND,
  bodyRowProblem,
  isBindingTransaction,
  skeletonProblem,
  type SkeletonProblem,
} from './lockedSkeleton';
export { TableEditing } from './TableEditing';
export { parseTsv, pasteTransaction, readClipboard, type Pasted } from './tablePaste';
export { selectCellText, clearSelectedCells, typeOverCells } from './cellEditing';
export { createRoomUndoManager } from './roomUndoManager';
