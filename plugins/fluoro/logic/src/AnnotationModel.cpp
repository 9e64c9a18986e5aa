#include "fv/fluoro/AnnotationModel.h"

#include <algorithm>

namespace fv::fluoro {
namespace {
const std::vector<Annotation> kEmpty;
}

void AnnotationModel::checkpoint() {
  if (m_groupDepth > 0) {
    if (m_groupCheckpointed) return;
    m_groupCheckpointed = true;
  }
  m_undo.push_back(m_frames);
  if (m_undo.size() > 200) m_undo.erase(m_undo.begin());
  m_redo.clear();
}

Annotation* AnnotationModel::findMutable(uint64_t id) {
  for (auto& [key, list] : m_frames)
    for (auto& a : list)
      if (a.id == id) return &a;
  return nullptr;
}

uint64_t AnnotationModel::add(const FrameKey& frame, Annotation a) {
  checkpoint();
  a.id = m_nextId++;
  m_frames[frame].push_back(a);
  m_selected = a.id;
  changed();
  return a.id;
}

bool AnnotationModel::update(const Annotation& a) {
  Annotation* existing = findMutable(a.id);
  if (!existing) return false;
  if (*existing == a) return true;
  checkpoint();
  *findMutable(a.id) = a;
  changed();
  return true;
}

bool AnnotationModel::translate(uint64_t id, double dx, double dy) {
  if (!findMutable(id)) return false;
  checkpoint();
  for (auto& p : findMutable(id)->points) {
    p.x += dx;
    p.y += dy;
  }
  changed();
  return true;
}

bool AnnotationModel::movePoint(uint64_t id, size_t index, const Point& p) {
  Annotation* a = findMutable(id);
  if (!a || index >= a->points.size()) return false;
  checkpoint();
  findMutable(id)->points[index] = p;
  changed();
  return true;
}

bool AnnotationModel::remove(uint64_t id) {
  if (!findMutable(id)) return false;
  checkpoint();
  for (auto it = m_frames.begin(); it != m_frames.end(); ++it) {
    auto& list = it->second;
    list.erase(
        std::remove_if(list.begin(), list.end(), [&](const Annotation& a) { return a.id == id; }),
        list.end());
    if (list.empty()) {
      m_frames.erase(it);
      break;
    }
  }
  if (m_selected == id) m_selected = 0;
  changed();
  return true;
}

void AnnotationModel::clearFrame(const FrameKey& frame) {
  if (!m_frames.count(frame)) return;
  checkpoint();
  m_frames.erase(frame);
  changed();
}

void AnnotationModel::reset(std::map<FrameKey, std::vector<Annotation>> frames) {
  m_frames.clear();
  for (auto& [key, list] : frames) {
    for (auto& a : list) {
      a.id = m_nextId++;
      m_frames[key].push_back(a);
    }
  }
  m_undo.clear();
  m_redo.clear();
  m_selected = 0;
  changed();
}

const std::vector<Annotation>& AnnotationModel::annotations(const FrameKey& frame) const {
  auto it = m_frames.find(frame);
  return it == m_frames.end() ? kEmpty : it->second;
}

std::vector<FrameKey> AnnotationModel::annotatedFrames() const {
  std::vector<FrameKey> out;
  for (const auto& [key, list] : m_frames)
    if (!list.empty()) out.push_back(key);
  return out;
}

std::optional<std::pair<FrameKey, Annotation>> AnnotationModel::find(uint64_t id) const {
  for (const auto& [key, list] : m_frames)
    for (const auto& a : list)
      if (a.id == id) return std::make_pair(key, a);
  return std::nullopt;
}

std::optional<uint64_t> AnnotationModel::hitTest(const FrameKey& frame, const Point& p,
                                                 double tolerance) const {
  std::optional<uint64_t> best;
  double bestDistance = tolerance;
  for (const auto& a : annotations(frame)) {
    const double d = distanceTo(a, p);
    if (d <= bestDistance) {
      bestDistance = d;
      best = a.id;
    }
  }
  return best;
}

std::optional<Annotation> AnnotationModel::last(const FrameKey& frame, AnnotationKind kind) const {
  const auto& list = annotations(frame);
  for (auto it = list.rbegin(); it != list.rend(); ++it)
    if (it->kind == kind) return *it;
  return std::nullopt;
}

bool AnnotationModel::undo() {
  if (m_undo.empty()) return false;
  m_redo.push_back(std::move(m_frames));
  m_frames = std::move(m_undo.back());
  m_undo.pop_back();
  if (!find(m_selected)) m_selected = 0;
  changed();
  return true;
}

bool AnnotationModel::redo() {
  if (m_redo.empty()) return false;
  m_undo.push_back(std::move(m_frames));
  m_frames = std::move(m_redo.back());
  m_redo.pop_back();
  if (!find(m_selected)) m_selected = 0;
  changed();
  return true;
}

void AnnotationModel::beginGroup() {
  if (m_groupDepth++ == 0) m_groupCheckpointed = false;
}

void AnnotationModel::endGroup() {
  if (m_groupDepth > 0) --m_groupDepth;
}

}  // namespace fv::fluoro
