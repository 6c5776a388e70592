#include "frame_fingerprint.hpp"

#include <cstring>

#include "imgui.h"

namespace desk::web {

namespace {

// Eight bytes at a time, multiply and rotate (the mixing of well-known fast non-cryptographic hashes): a frame's
// few hundred kilobytes of vertices take ~0.1 ms. Collisions only matter if two different frames followed each
// other with equal 64-bit values.
class Hasher {
public:
    void bytes(const void* data, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        while (size >= 8) {
            std::uint64_t word;
            std::memcpy(&word, p, 8);
            mix(word);
            p += 8;
            size -= 8;
        }
        std::uint64_t tail = size;  // the length keeps "ab" + "" apart from "a" + "b"
        std::memcpy(&tail, p, size);
        mix(tail ^ (static_cast<std::uint64_t>(size) << 56));
    }
    template <class T>
    void value(const T& v) {
        bytes(&v, sizeof v);
    }
    [[nodiscard]] std::uint64_t result() const {
        std::uint64_t h = state_;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
    }

private:
    void mix(std::uint64_t word) {
        word *= 0x87c37b91114253d5ULL;
        word = (word << 31) | (word >> 33);
        state_ ^= word * 0x4cf5ad432745937fULL;
        state_ = ((state_ << 27) | (state_ >> 37)) * 5 + 0x52dce729;
    }
    std::uint64_t state_ = 0x9e3779b97f4a7c15ULL;
};

}  // namespace

std::uint64_t frame_fingerprint(const ImDrawData& data, int framebuffer_width, int framebuffer_height,
                                const float clear_rgba[4]) {
    Hasher h;
    h.value(framebuffer_width);
    h.value(framebuffer_height);
    h.bytes(clear_rgba, 4 * sizeof(float));
    h.value(data.DisplayPos);
    h.value(data.DisplaySize);
    h.value(data.FramebufferScale);
    h.value(data.CmdLists.Size);
    for (const ImDrawList* list : data.CmdLists) {
        h.bytes(list->VtxBuffer.Data, static_cast<std::size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
        h.bytes(list->IdxBuffer.Data, static_cast<std::size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& command : list->CmdBuffer) {
            h.value(command.ClipRect);
            h.value(command.GetTexID());
            h.value(command.VtxOffset);
            h.value(command.IdxOffset);
            h.value(command.ElemCount);
            h.value(reinterpret_cast<std::uintptr_t>(command.UserCallback));
        }
    }
    return h.result();
}

}  // namespace desk::web
