import { AnnotatorApp } from "@/components/annotator/AnnotatorApp";

export default function AnnotatePage() {
  return <AnnotatorApp />;
}
