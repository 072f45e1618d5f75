/** A category's name in the interface language (the server keeps both). */
export function categoryLabel(category: { name: string; nameEn: string }, language: string): string {
  return language.startsWith('zh') ? category.name : category.nameEn
}
