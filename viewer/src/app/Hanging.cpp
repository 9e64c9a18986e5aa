#include "Hanging.h"

namespace fv::viewer {

using namespace fv::dicom;

int preferredStack(const Series& s) {
  int best = 0;
  size_t bestScore = 0;
  for (size_t i = 0; i < s.stacks.size(); ++i) {
    const Stack& st = s.stacks[i];
    const size_t score = st.frames.size() * (st.kind == StackKind::Volume ? 4 : st.kind == StackKind::Cine ? 2 : 1);
    if (score > bestScore) {
      bestScore = score;
      best = int(i);
    }
  }
  return best;
}

std::vector<SeriesChoice> imageSeries(const DicomIndex& index) {
  std::vector<SeriesChoice> out;
  for (const Series* s : index.allSeries())
    if (s->frameCount() > 0) out.push_back({s, preferredStack(*s)});
  return out;
}

std::vector<std::optional<SeriesChoice>> hangByModality(const DicomIndex& index, const QStringList& modalities) {
  std::vector<std::optional<SeriesChoice>> out(size_t(modalities.size()));
  // The patient: the one with fluoroscopy (the procedure being documented), else the first.
  const Patient* patient = index.patients.empty() ? nullptr : &index.patients.front();
  for (const auto& p : index.patients)
    for (const auto& st : p.studies)
      for (const auto& se : st.series)
        if ((se.key.modality == "XA" || se.key.modality == "RF") && se.frameCount() > 0) patient = &p;
  if (!patient) return out;
  for (int i = 0; i < modalities.size(); ++i) {
    const QStringList wanted = modalities[i].split('|');
    const bool volumeWanted = wanted.contains("MR") || wanted.contains("CT");
    size_t bestScore = 0;
    for (const auto& st : patient->studies) {
      for (const auto& se : st.series) {
        if (se.frameCount() == 0 || !wanted.contains(QString::fromStdString(se.key.modality))) continue;
        const int stack = preferredStack(se);
        const Stack& chosen = se.stacks[size_t(stack)];
        const bool good = volumeWanted ? chosen.kind == StackKind::Volume : chosen.kind == StackKind::Cine;
        const size_t score = chosen.frames.size() + (good ? 100000 : 0);
        if (score > bestScore) {
          bestScore = score;
          out[size_t(i)] = SeriesChoice{&se, stack};
        }
      }
    }
  }
  return out;
}

}  // namespace fv::viewer
