import { Type, type Static } from '@sinclair/typebox'
import { BigIdText, Id, Text } from './schema-types.ts'

/** Where a routing rule sends a case: a department, or the worker of the case's own unit grid. */
export const RoutingTarget = Type.Union([Type.Literal('department'), Type.Literal('grid_worker')])
export type RoutingTarget = Static<typeof RoutingTarget>

const Named = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })

/** A routing rule as stored: category null = any; grid null = the whole street. */
export const RoutingRule = Type.Object({
  id: Type.Integer(),
  category: Type.Union([Type.Intersect([Named, Type.Object({ isGroup: Type.Boolean() })]), Type.Null()]),
  grid: Type.Union([Type.Intersect([Named, Type.Object({ level: Type.Integer() })]), Type.Null()]),
  target: RoutingTarget,
  department: Type.Union([Named, Type.Null()]),
  autoDispatch: Type.Boolean(),
  note: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type RoutingRule = Static<typeof RoutingRule>

export const RoutingRuleBody = Type.Object(
  {
    categoryId: Type.Union([Type.Null(), Id()]),
    gridId: Type.Union([Type.Null(), Id()]),
    target: RoutingTarget,
    departmentId: Type.Union([Type.Null(), Id()]),
    autoDispatch: Type.Boolean(),
    note: Text({ maxLength: 200 }),
  },
  { additionalProperties: false },
)
export type RoutingRuleBody = Static<typeof RoutingRuleBody>

export const RoutingRuleParams = Type.Object({ id: Id() })

/** Which rule a (sub-category, point) pair meets, and the grid chain the point lies in. */
export const RoutingPreviewQuery = Type.Object({
  categoryCode: Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9_.-]+$' }),
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
})
export const RoutingPreview = Type.Object({
  grids: Type.Array(
    Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), level: Type.Integer() }),
  ),
  rule: Type.Union([RoutingRule, Type.Null()]),
  /** Whom the rule names for that point: the department, or the grid's worker (null when the grid has none). */
  assignee: Type.Union([Type.Object({ kind: RoutingTarget, id: Type.Integer(), name: Type.String() }), Type.Null()]),
})
export type RoutingPreview = Static<typeof RoutingPreview>

/** "Not ours": returns by departments, grouped by the rule that routes such cases now — the rules to review. */
export const RuleReviewItem = Type.Object({
  rule: Type.Union([RoutingRule, Type.Null()]),
  returns: Type.Integer(),
  lastReturnedAt: Type.String({ format: 'date-time' }),
  recent: Type.Array(
    Type.Object({
      incidentId: Type.String(),
      caseNumber: Type.String(),
      reason: Type.String(),
      department: Type.Union([Type.String(), Type.Null()]),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
})
export type RuleReviewItem = Static<typeof RuleReviewItem>

export const LadderAudienceSchema = Type.Union([
  Type.Literal('assignee'),
  Type.Literal('supervisor'),
  Type.Literal('manager'),
])
export const LadderStepSchema = Type.Object(
  {
    percent: Type.Integer({ minimum: 1, maximum: 1000 }),
    level: Type.Union([Type.Literal('yellow'), Type.Literal('red'), Type.Literal('escalated')]),
    notify: Type.Array(LadderAudienceSchema, { minItems: 1, maxItems: 3 }),
  },
  { additionalProperties: false },
)
/** A ladder: the street's default (category null) or a sub-category's own. */
export const EscalationLadder = Type.Object({
  category: Type.Union([Named, Type.Null()]),
  steps: Type.Array(LadderStepSchema),
})
export type EscalationLadder = Static<typeof EscalationLadder>
export const EscalationLadderBody = Type.Object(
  { categoryId: Type.Union([Type.Null(), Id()]), steps: Type.Array(LadderStepSchema, { minItems: 1, maxItems: 6 }) },
  { additionalProperties: false },
)
export type EscalationLadderBody = Static<typeof EscalationLadderBody>

/** 催办 by a supervisor, with a note to the assignee. */
export const UrgeBody = Type.Object({ note: Text({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false })
/** 督办 by a manager: the case is pinned until closed. */
export const SuperviseBody = Type.Object(
  { note: Type.Optional(Text({ maxLength: 500 })) },
  { additionalProperties: false },
)
export const CaseParams = Type.Object({ id: BigIdText() })

/** A case under 督办, pinned on the dashboard until closed. */
export const SupervisedCase = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  status: Type.String(),
  category: Type.String(),
  description: Type.String(),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  supervisedAt: Type.String({ format: 'date-time' }),
  supervisedBy: Type.String(),
})
export type SupervisedCase = Static<typeof SupervisedCase>
