// adaptivecards-templating's typings import `adaptivecards/src/schema`, which is TypeScript source that does
// not compile under this project's settings; tsconfig `paths` points that import here instead.
export interface IAdaptiveCard {
  type: 'AdaptiveCard';
  [key: string]: unknown;
}
