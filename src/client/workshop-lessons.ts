/** Lesson titles for the workshop pages, from the JSON the page was built with (WorkshopLessonTitles.astro). */
let titles: Record<string, string> | undefined;

export function lessonTitle(id: string): string {
  titles ??= JSON.parse(document.getElementById('workshop-lesson-titles')?.textContent || '{}') as Record<string, string>;
  return titles[id] ?? id;
}
